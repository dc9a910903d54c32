using Portal.Api.Features.Accounts;
using Portal.Punchout.Cxml;
using Portal.Punchout.Oci;
using Portal.Punchout.Security;
using Portal.Punchout.Sessions;

namespace Portal.Api.Features.Punchout.Oci;

/// <summary>
/// The host side of the OCI entry (<see cref="IOciSessionOpener"/>): the account by its OCI USERNAME and PASSWORD
/// (hashed, checked in constant time, one answer for every failure), the HOOK_URL against the account's allowlist,
/// the account's default buyer as the user, and a session on the same tables, pages and cart rules as cXML.
/// </summary>
public sealed class OciSessionOpener(
    PortalDbContext db, PunchoutBuyers buyers, IOptions<PortalOptions> options, TimeProvider clock) : IOciSessionOpener
{
    private static readonly string DummyHash = SharedSecretHasher.Hash("portal-no-such-oci-account");

    /// <summary>The account the last <see cref="AuthenticateAsync"/> found (one per request scope).</summary>
    private PunchoutAccount? _account;

    public async Task<OciAccount> AuthenticateAsync(OciEntry entry, CancellationToken cancellationToken)
    {
        var username = entry.Username?.Trim().ToLowerInvariant();
        var match = string.IsNullOrEmpty(username) || username.Length > 100 ? null : await (
                from account in db.PunchoutAccounts
                join customer in db.Customers on account.CustomerId equals customer.Id
                where account.OciUsername == username
                select new { Account = account, customer.Active })
            .AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        // Always hash once, so an unknown username costs as long as a wrong password.
        var valid = SharedSecretHasher.Verify(entry.Password, match?.Account.OciPasswordHash ?? DummyHash);
        if (match is null || !valid || !match.Active || match.Account.OciPasswordHash is null)
        {
            throw new OciEntryException(StatusCodes.Status401Unauthorized, "The OCI username or password is not recognised.");
        }
        if (entry.Function != OciFunctions.QuantityCheck)
        {
            if (string.IsNullOrEmpty(entry.HookUrl))
            {
                throw new OciEntryException(StatusCodes.Status400BadRequest, "HOOK_URL is required: it is where the cart goes back to.");
            }
            if (!ReturnUrlPolicy.IsAllowed(entry.HookUrl, match.Account.OciAllowedHookUrls))
            {
                throw new OciEntryException(StatusCodes.Status403Forbidden, "The HOOK_URL is not one of the hook URLs allowed for this account.");
            }
        }
        _account = match.Account;
        var charset = OciFields.NormalizeCharset(entry.Charset ?? match.Account.OciCharset);
        return new OciAccount(match.Account.CustomerId, charset, OciVendor.Of(match.Account, options.Value));
    }

    public async Task<string> OpenSessionAsync(OciAccount account, OciEntry entry, OciStart start, string baseUrl, CancellationToken cancellationToken)
    {
        var (session, token) = await NewSessionAsync(account, entry, cancellationToken);
        db.PunchoutSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        var landing = start.ProductId is { Length: > 0 } product ? "?product=" + Uri.EscapeDataString(product)
            : start.Query is { Length: > 0 } query ? "?q=" + Uri.EscapeDataString(query) : string.Empty;
        return $"{baseUrl}/punchout/session/{token}{landing}";
    }

    /// <summary>
    /// VALIDATE: a session that holds the one line and is open at once (no StartPage: the answer to this call is the
    /// transfer page). The caller transfers it through <see cref="PunchoutSessionService.TransferAsync"/>, which
    /// prices the line and records its quote.
    /// </summary>
    public async Task<PunchoutSession> OpenWithLineAsync(OciAccount account, OciEntry entry, string sku, decimal quantity, CancellationToken cancellationToken)
    {
        var (session, _) = await NewSessionAsync(account, entry, cancellationToken);
        session.Status = PunchoutSessionStatuses.Open;
        session.StartedAt = session.CreatedAt;
        session.Lines.Add(new PunchoutSessionLine { CustomerId = session.CustomerId, SessionId = session.Id, Position = 1, Sku = sku, Quantity = quantity });
        db.PunchoutSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    private async Task<(PunchoutSession Session, string Token)> NewSessionAsync(OciAccount account, OciEntry entry, CancellationToken cancellationToken)
    {
        var stored = _account is { } a && a.CustomerId == account.CustomerId
            ? a
            : throw new InvalidOperationException("Authenticate the OCI call first.");
        var email = stored.DefaultBuyerEmail
            ?? throw new OciEntryException(StatusCodes.Status403Forbidden, "The account has no default buyer for OCI sessions; ask the supplier to configure one.");
        User user;
        Caller caller;
        try
        {
            user = await buyers.ResolveAsync(stored, email, email, cancellationToken);
            caller = await buyers.ActAsAsync(stored.CustomerId, user.Id, cancellationToken);
        }
        catch (CxmlStatusException ex)
        {
            throw new OciEntryException(StatusCodes.Status403Forbidden, ex.Message);
        }
        if (!caller.Assignments.Any(r => r.Role is Roles.Requester or Roles.Administrator))
        {
            throw new OciEntryException(StatusCodes.Status403Forbidden, "The buyer's user may not shop (needs the requester or administrator role).");
        }

        var now = clock.GetUtcNow();
        var token = PunchoutTokens.New();
        var punchout = options.Value.Punchout;
        var session = new PunchoutSession
        {
            CustomerId = stored.CustomerId,
            UserId = user.Id,
            Protocol = PunchoutProtocols.Oci,
            OciTarget = entry.Target is { Length: <= 40 } target ? target : null,
            OciCharset = account.Charset,
            Operation = "create",
            BuyerCookie = "oci",
            ReturnUrl = entry.HookUrl!.Trim(),
            FormEncoding = "oci",
            SetupPayloadId = $"oci:{Guid.CreateVersion7():N}",
            BuyerDomain = "oci",
            BuyerIdentity = stored.OciUsername!,
            StartTokenHash = PunchoutTokens.Hash(token),
            StartExpiresAt = now + punchout.StartPageLifetime,
            FormToken = PunchoutTokens.New(),
            ExpiresAt = now + punchout.StartPageLifetime + punchout.SessionLifetime,
            Status = PunchoutSessionStatuses.Pending,
            CreatedAt = now,
        };
        return (session, token);
    }
}
