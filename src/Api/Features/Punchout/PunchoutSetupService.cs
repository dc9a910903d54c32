using Portal.Punchout.Cxml;
using Portal.Punchout.Transport;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// PunchOutSetupRequest: checks the return URL and the buyer, opens a session with the starting cart
/// (edit and inspect bring their ItemOut lines) and answers with a single-use StartPage URL.
/// </summary>
public sealed class PunchoutSetupService(
    PortalDbContext db, PunchoutBuyers buyers, PunchoutQuotes quotes, IOptions<PortalOptions> options, TimeProvider clock) : ICxmlRequestHandler
{
    public async Task<CxmlDocument> HandleAsync(CxmlRequestContext request, CancellationToken cancellationToken) =>
        CxmlResponses.WithBody(await SetupAsync(request.Document, request.SenderAs<PunchoutSender>(), request.BaseUrl, cancellationToken), request.Host);

    public async Task<PunchOutSetupResponse> SetupAsync(CxmlDocument document, PunchoutSender auth, string baseUrl, CancellationToken cancellationToken)
    {
        var request = (PunchOutSetupRequest)document.Request!;
        var operation = request.Operation.Trim().ToLowerInvariant() switch
        {
            "create" or "source" => "create",
            "edit" => "edit",
            "inspect" => "inspect",
            var other => throw new CxmlStatusException(400, $"The operation '{other}' is not supported: use create, edit or inspect."),
        };
        if (string.IsNullOrWhiteSpace(request.BuyerCookie) || request.BuyerCookie.Length > 2000)
        {
            throw new CxmlStatusException(400, "BuyerCookie is required (at most 2000 characters).");
        }
        var returnUrl = request.BrowserFormPostUrl?.Trim();
        if (string.IsNullOrEmpty(returnUrl))
        {
            throw new CxmlStatusException(400, "BrowserFormPost/URL is required: it is where the cart goes back to.");
        }
        if (!ReturnUrlPolicy.IsAllowed(returnUrl, auth.Account.AllowedReturnUrls))
        {
            throw new CxmlStatusException(403, "The BrowserFormPost URL is not one of the return URLs allowed for this account.");
        }

        var user = await buyers.ResolveAsync(auth.Account, request, cancellationToken);
        var caller = await buyers.ActAsAsync(auth.Account.CustomerId, user.Id, cancellationToken);
        var mayShop = caller.Assignments.Any(a => a.Role is Roles.Requester or Roles.Administrator);
        if (operation != "inspect" && !mayShop)
        {
            throw new CxmlStatusException(403, "The buyer's user may not shop (needs the requester or administrator role).");
        }

        var now = clock.GetUtcNow();
        var token = PunchoutTokens.New();
        var session = new PunchoutSession
        {
            CustomerId = auth.Account.CustomerId,
            UserId = user.Id,
            Operation = operation,
            BuyerCookie = request.BuyerCookie,
            ReturnUrl = returnUrl,
            FormEncoding = auth.Account.FormEncoding,
            SetupPayloadId = Clip(document.PayloadId, 250),
            BuyerDomain = Clip(auth.Buyer.Domain, 100),
            BuyerIdentity = Clip(auth.Buyer.Identity, 200),
            SupplierDomain = auth.Supplier is null ? null : Clip(auth.Supplier.Domain, 100),
            SupplierIdentity = auth.Supplier is null ? null : Clip(auth.Supplier.Identity, 200),
            StartTokenHash = PunchoutTokens.Hash(token),
            StartExpiresAt = now + options.Value.Punchout.StartPageLifetime,
            FormToken = PunchoutTokens.New(),
            ExpiresAt = now + options.Value.Punchout.StartPageLifetime + options.Value.Punchout.SessionLifetime,
            Status = PunchoutSessionStatuses.Pending,
            CreatedAt = now,
        };

        if (operation != "create" && request.Items.Count > 0)
        {
            var skus = request.Items.Select(i => i.ItemId.SupplierPartId.Trim()).Distinct().ToList();
            var known = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(cancellationToken);
            var position = 0;
            foreach (var item in request.Items.Take(CartLimits.MaxLines))
            {
                var sku = item.ItemId.SupplierPartId.Trim();
                if (!known.Contains(sku) || item.Quantity <= 0 || item.Quantity > Pricing.Quantities.Max)
                {
                    session.DroppedLines++;
                    continue;
                }
                session.Lines.Add(new PunchoutSessionLine { CustomerId = session.CustomerId, SessionId = session.Id, Position = ++position, Sku = sku, Quantity = item.Quantity });
            }
            session.DroppedLines += Math.Max(0, request.Items.Count - CartLimits.MaxLines);
            // A cart that was a quote (every line references one quote version) is that quote again, at its prices.
            if (session.DroppedLines == 0)
            {
                await quotes.RestoreAsync(session, request.Items.Select(i => (i.ItemId.SupplierPartId.Trim(), i.ItemId.SupplierPartAuxiliaryId)).ToList(), cancellationToken);
            }
        }
        db.PunchoutSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        // Level-2 punchout: a SelectedItem opens that product's page.
        var selected = request.SelectedItem?.SupplierPartId.Trim();
        return new PunchOutSetupResponse($"{baseUrl}/punchout/session/{token}"
            + (string.IsNullOrEmpty(selected) || selected.Length > 64 ? string.Empty : "?product=" + Uri.EscapeDataString(selected)));
    }

    private static string Clip(string text, int max) => text.Length > max ? text[..max] : text;
}

/// <summary>Bounds of a punchout cart.</summary>
public static class CartLimits
{
    public const int MaxLines = 500;
}
