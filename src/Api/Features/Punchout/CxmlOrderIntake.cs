using Portal.Api.Features.Ordering;
using Portal.Punchout.Cxml;
using Portal.Punchout.Transport;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// cXML OrderRequest intake: new, update and delete of a purchase order, each applied once. A document is
/// recognised again by its payloadID and by orderID + orderVersion (buyers re-send with a new payloadID
/// after a timeout); a recognised document answers 200 and changes nothing. The buyer's prices are kept
/// and compared with what the punchout session quoted (SupplierPartAuxiliaryID) or, without a quote, with
/// today's price; differences are recorded on the order. Cost centers come from the Distribution's
/// AccountingSegments. Everything happens in one transaction.
/// </summary>
public sealed partial class CxmlOrderIntake(PortalDbContext db, TenantScope tenant, PunchoutBuyers buyers, OrderService orders, Quotes.QuoteService quotes, TimeProvider clock) : ICxmlRequestHandler
{
    private const int MaxAttempts = 4;

    /// <summary>Whether the document's own e-mails named the requester (else the default buyer, and the note names who ordered).</summary>
    private bool identified;

    public async Task<CxmlDocument> HandleAsync(CxmlRequestContext request, CancellationToken cancellationToken) =>
        CxmlResponses.Status(await ReceiveAsync(request.Document, request.SenderAs<PunchoutSender>(), cancellationToken, request.Attachments ?? []), request.Host);

    public async Task<CxmlStatus> ReceiveAsync(CxmlDocument document, PunchoutSender auth, CancellationToken cancellationToken,
        IReadOnlyList<CxmlAttachment>? attachments = null)
    {
        attachments ??= [];
        var request = (OrderRequest)document.Request!;
        var header = request.Header;
        var customerId = auth.Account.CustomerId;
        var type = (header.Type ?? "new").Trim().ToLowerInvariant();
        if (type is not ("new" or "update" or "delete"))
        {
            throw new CxmlStatusException(400, $"OrderRequestHeader@type '{header.Type}' is not supported: use new, update or delete.");
        }
        var buyerOrderId = header.OrderId.Trim();
        if (buyerOrderId.Length is 0 or > 64)
        {
            throw new CxmlStatusException(400, "OrderRequestHeader@orderID is required (at most 64 characters).");
        }
        var version = header.OrderVersion ?? 1;
        if (version < 1)
        {
            throw new CxmlStatusException(400, "OrderRequestHeader@orderVersion starts at 1.");
        }
        if (document.PayloadId.Length > 250)
        {
            throw new CxmlStatusException(400, "The payloadID has at most 250 characters.");
        }

        // The content, not the envelope: a re-send has a new payloadID and timestamp but the same order.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, request.GetType())));
        // Only the parts the document refers to are kept; a reference to a missing part refuses the order before anything changes.
        IReadOnlyList<(CxmlAttachment Part, string FileName)> kept = type == "delete" ? [] : CxmlOrderAttachments.Referenced(request, attachments);
        var requester = await FindRequesterAsync(customerId, CxmlOrderBuyer.EmailCandidates(header), cancellationToken);
        // Who ordered is named in the note when the document's e-mails match no user (the order then shows the default buyer).
        identified = requester is not null;
        requester ??= await DefaultBuyerAsync(auth.Account, cancellationToken);
        await buyers.ActAsAsync(customerId, requester, cancellationToken);

        // The receipt and the order commit together, so the whole unit may run again after a transient
        // failure (even one of the commit itself: the next attempt finds the receipt and answers as for a re-send).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The latest receipt of the order first, then this document's own: a copy of this document that commits
                // between the two statements is then found by the second (read committed), never taken for another
                // version's "received already" (a copy racing the first one got a 409 in 1 of 6 that way).
                var previous = await db.CxmlOrderReceipts.AsNoTracking()
                    .Where(r => r.BuyerOrderId == buyerOrderId)
                    .OrderByDescending(r => r.OrderVersion)
                    .FirstOrDefaultAsync(cancellationToken);
                if (await FindReceiptAsync(document.PayloadId, buyerOrderId, version, cancellationToken) is { } seen)
                {
                    return Again(seen, hash);
                }

                await using var transaction = await db.BeginGuardedAsync(cancellationToken);
                Order order;
                try
                {
                    order = type switch
                    {
                        "new" when previous is not null => throw new CxmlStatusException(409, $"The order '{buyerOrderId}' was received already: send changes with type=\"update\" and a higher orderVersion."),
                        "new" => await PlaceAsync(request, buyerOrderId, cancellationToken),
                        _ when previous is null => throw new CxmlStatusException(400, $"No order '{buyerOrderId}' was received before: it cannot be {(type == "update" ? "updated" : "deleted")}."),
                        _ when version <= previous.OrderVersion => throw new CxmlStatusException(409, $"Version {version} of order '{buyerOrderId}' is older than the received version {previous.OrderVersion}."),
                        "update" => await UpdateAsync(request, previous.OrderId, version, cancellationToken),
                        _ => await CancelAsync(previous.OrderId, version, cancellationToken),
                    };
                    var receipt = new CxmlOrderReceipt
                    {
                        CustomerId = customerId, PayloadId = document.PayloadId, BuyerOrderId = buyerOrderId, OrderVersion = version, Type = type,
                        OrderId = order.Id, ReceivedAt = clock.GetUtcNow(), ContentHash = hash,
                        OrderDate = header.OrderDate.ToUniversalTime(), FromDomain = Text.Clip(document.Header?.From.FirstOrDefault()?.Domain, 200), FromIdentity = Text.Clip(document.Header?.From.FirstOrDefault()?.Identity, 200),
                        ToDomain = Text.Clip(document.Header?.To.FirstOrDefault()?.Domain, 200), ToIdentity = Text.Clip(document.Header?.To.FirstOrDefault()?.Identity, 200), DeploymentMode = document.DeploymentMode,
                    };
                    db.CxmlOrderReceipts.Add(receipt);
                    // The buyer's attachments are stored with the order, in the same transaction.
                    db.OrderDocuments.AddRange(CxmlOrderAttachments.Documents(order, kept, clock.GetUtcNow()));
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return Accepted(receipt, again: false, order.Number);
                }
                catch (DbUpdateException ex) when (!TransientDbErrors.IsTransient(ex))
                {
                    // The same document arrived twice at once and the other copy won the unique receipt: answer as for a re-send.
                    await transaction.RollbackAsync(CancellationToken.None); // ends the guard: the lookup below runs on its own
                    db.ChangeTracker.Clear();
                    var winner = await FindReceiptAsync(document.PayloadId, buyerOrderId, version, cancellationToken);
                    return winner is not null ? Again(winner, hash) : throw new CxmlStatusException(560, "The order changed at the same time; retry.");
                }
                catch (BusinessRuleException ex)
                {
                    throw new CxmlStatusException(400, CxmlOrderBuyer.Describe(ex));
                }
                catch (ConflictException ex)
                {
                    throw new CxmlStatusException(409, ex.Message);
                }
                catch (Budgets.BudgetExceededException ex)
                {
                    // A block budget: nothing was placed, or a change order left the order as it was.
                    throw new CxmlStatusException(409, type == "update" ? $"{ex.Reason} The change was not applied; the order stays as it was." : ex.Message);
                }
            }
            catch (Exception ex) when (attempt < MaxAttempts && TransientDbErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                db.ChangeTracker.Clear();
                await db.Database.CloseConnectionAsync();
                await Task.Delay(PortalExecutionStrategy.Delay(attempt), cancellationToken);
            }
        }
    }

    private async Task<Order> PlaceAsync(OrderRequest request, string buyerOrderId, CancellationToken cancellationToken)
    {
        var lines = await MapLinesAsync(request, cancellationToken);
        await PriceFromQuotesAsync(request, lines, cancellationToken);
        var mismatches = await CheckPricesAsync(request, lines, cancellationToken);
        // The channel: punchout-oci when the cart came from an OCI session (its lines' ids come back as SupplierPartAuxiliaryID).
        var sessionLines = request.Items.Select(i => Guid.TryParse(i.ItemId.SupplierPartAuxiliaryId, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        var protocol = sessionLines.Count == 0 ? null : await db.PunchoutSessionLines.AsNoTracking().Where(l => sessionLines.Contains(l.Id))
            .Join(db.PunchoutSessions, l => l.SessionId, s => s.Id, (l, s) => s.Protocol).OrderByDescending(p => p).FirstOrDefaultAsync(cancellationToken);
        var order = await orders.PlaceAsync(
            lines, null, buyerOrderId, CxmlOrderBuyer.Note(request.Header, buyer: !identified), "cxml", cancellationToken,
            checkPrices: (_, _) => mismatches, deliveryAddress: CxmlOrderBuyer.WithAttention(CxmlOrderBuyer.MapAddress(request.Header.ShipTo), request.Header.ShipTo, request.Header),
            punchoutProtocol: protocol);
        // The purchase order is the quote's acceptance: a second one by the API is refused.
        foreach (var (quoteId, quoteVersion) in quoted.Values.Select(q => (q.QuoteId, q.Version)).Distinct())
        {
            await quotes.AcceptedByOrderAsync(quoteId, quoteVersion, order, $"purchase order {buyerOrderId}, cXML", cancellationToken);
        }
        return order;
    }

    private async Task<Order> UpdateAsync(OrderRequest request, Guid orderId, int version, CancellationToken cancellationToken)
    {
        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken)
            ?? throw new CxmlStatusException(400, "The order to update no longer exists.");
        var lines = await MapLinesAsync(request, cancellationToken);
        await PriceFromQuotesAsync(request, lines, cancellationToken);
        var mismatches = await CheckPricesAsync(request, lines, cancellationToken);
        await orders.ReplaceLinesAsync(order, lines, $"Changed by purchase order version {version} (cXML)", cancellationToken, (_, _) => mismatches);
        if (CxmlOrderBuyer.WithAttention(CxmlOrderBuyer.MapAddress(request.Header.ShipTo), request.Header.ShipTo, request.Header) is { } address)
        {
            order.DeliveryAddress = address;
        }
        order.Note = CxmlOrderBuyer.Note(request.Header, buyer: !identified) ?? order.Note;
        return order;
    }

    private async Task<Order> CancelAsync(Guid orderId, int version, CancellationToken cancellationToken)
    {
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken)
            ?? throw new CxmlStatusException(400, "The order to delete no longer exists.");
        if (order.Status == OrderStatuses.Cancelled)
        {
            return order;
        }
        if (!OrderStatuses.OpenForBuyer(order.Status))
        {
            throw new CxmlStatusException(409, $"The order is {order.Status}: it can no longer be cancelled by the buyer. Contact the supplier.");
        }
        orders.Move(order, OrderStatuses.Cancelled, $"Deleted by purchase order version {version} (cXML)");
        return order;
    }

    private async Task<List<OrderService.NewLine>> MapLinesAsync(OrderRequest request, CancellationToken cancellationToken)
    {
        if (request.Items.Count is 0 or > OrderService.MaxLines)
        {
            throw new CxmlStatusException(400, $"An OrderRequest has 1 to {OrderService.MaxLines} ItemOut lines.");
        }
        var customerId = tenant.RequireCustomer();
        var accountCurrency = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Currency).FirstAsync(cancellationToken);
        var currencies = request.Items.Select(i => i.Detail?.UnitPrice.Currency).Append(request.Header.Total.Currency)
            .Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim().ToUpperInvariant()).Distinct().ToList();
        if (currencies.Any(c => c != accountCurrency))
        {
            throw new CxmlStatusException(400, $"The order is in {string.Join(", ", currencies)}; this account buys in {accountCurrency}.");
        }

        var skus = request.Items.Select(i => i.ItemId.SupplierPartId.Trim()).Distinct().ToList();
        var known = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => new { p.Sku, p.Unit })
            .ToDictionaryAsync(p => p.Sku, p => p.Unit, StringComparer.Ordinal, cancellationToken);
        var costCenters = await db.CostCenters.AsNoTracking().Where(c => c.Active).Select(c => new { c.Id, c.Code }).ToListAsync(cancellationToken);
        var headerCostCenter = CxmlOrderBuyer.CostCenter(request.Header.Extrinsics);
        var errors = new List<string>();
        // The documents sent back (confirmation, ship notice, invoice) name lines by the buyer's lineNumber: two lines with one number cannot be told apart.
        foreach (var repeated in request.Items.Where(i => i.LineNumber is not null).GroupBy(i => i.LineNumber!.Value).Where(g => g.Count() > 1))
        {
            errors.Add($"ItemOut lineNumber {repeated.Key.ToString(CultureInfo.InvariantCulture)} is used by {repeated.Count()} lines; each line needs its own number.");
        }
        var lines = new List<OrderService.NewLine>(request.Items.Count);
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            var label = $"ItemOut {item.LineNumber?.ToString(CultureInfo.InvariantCulture) ?? (i + 1).ToString(CultureInfo.InvariantCulture)}";
            var sku = item.ItemId.SupplierPartId.Trim();
            if (!known.TryGetValue(sku, out var unit))
            {
                errors.Add($"{label}: no product has the SupplierPartID '{sku}'.");
                continue;
            }
            if (Pricing.Quantities.Check(item.Quantity, unit) is { } problem)
            {
                errors.Add($"{label}: the quantity {item.Quantity.ToString(CultureInfo.InvariantCulture)} of '{sku}' is not valid. {problem}");
                continue;
            }
            // A price per PriceBasisQuantity (0.35 EUR per 100, as Portal sends very cheap items) is a unit price of 0.0035.
            var unitPrice = item.Detail is { PriceBasisQuantity: > 0 and not 1 } perBasis
                ? perBasis.UnitPrice.Amount / perBasis.PriceBasisQuantity.Value
                : item.Detail?.UnitPrice.Amount;
            if (unitPrice is < 0)
            {
                errors.Add($"{label}: the unit price is negative.");
                continue;
            }
            var segments = item.Distributions.SelectMany(d => d.Segments.Select(s => (Accounting: d.AccountingName, Segment: s))).ToList();
            var matched = segments.Select(s => costCenters.FirstOrDefault(c => string.Equals(c.Code, s.Segment.Id.Trim(), StringComparison.OrdinalIgnoreCase))).FirstOrDefault(c => c is not null);
            string? unmatchedCode = null;
            if (matched is null)
            {
                // A segment that says it is a cost center but names none of the account's: keep the buyer's code on the line.
                var named = segments.FirstOrDefault(s => CxmlOrderBuyer.IsCostCenter(s.Segment.Name) || CxmlOrderBuyer.IsCostCenter(s.Segment.Description) || CxmlOrderBuyer.IsCostCenter(s.Accounting));
                unmatchedCode = named.Segment?.Id.Trim() is { Length: > 0 and <= 64 } code ? code : null;
            }
            if (matched is null && unmatchedCode is null && (CxmlOrderBuyer.CostCenter(item.Detail?.Extrinsics) ?? headerCostCenter) is { } extrinsicCostCenter)
            {
                // Buyers (Ariba, Coupa, Jaggaer) often send the cost center as an extrinsic: the line's, else once in the header.
                matched = costCenters.FirstOrDefault(c => string.Equals(c.Code, extrinsicCostCenter, StringComparison.OrdinalIgnoreCase));
                unmatchedCode = matched is null && extrinsicCostCenter.Length <= 64 ? extrinsicCostCenter : null;
            }
            // The line's date, else the header's requestedDeliveryDate.
            DateOnly? delivery = (item.RequestedDeliveryDate ?? request.Header.RequestedDeliveryDate) is { } date ? DateOnly.FromDateTime(date.Date) : null;
            // A delivery date Portal cannot read is not dropped: the line's note keeps it as sent, for the supplier to read.
            var note = delivery is null && (item.UnreadableDeliveryDate ?? request.Header.UnreadableDeliveryDate) is { } asSent
                ? string.Join(" ", new[] { item.Comments?.Trim(), $"Requested delivery date as sent: {asSent}" }.Where(s => !string.IsNullOrEmpty(s)))
                : item.Comments;
            lines.Add(new OrderService.NewLine(sku, item.Quantity, matched?.Id, Text.Clip(note, 500), delivery, unitPrice, unmatchedCode,
                BuyerLineNumber: item.LineNumber, BuyerUnit: item.Detail?.UnitOfMeasure.Trim() is { Length: > 0 and <= OrderLineLimits.BuyerUnit } buyerUnit ? buyerUnit : null));
        }
        if (errors.Count > 0)
        {
            throw new CxmlStatusException(400, string.Join(" ", errors.Take(20)) + (errors.Count > 20 ? $" ({errors.Count - 20} more)" : string.Empty));
        }
        return lines;
    }

    /// <summary>The first active user among the contacts' e-mails, the UniqueName/UserEmail extrinsic and the account's default buyer.</summary>
    private async Task<Guid?> FindRequesterAsync(Guid customerId, IEnumerable<string?> candidates, CancellationToken cancellationToken)
    {
        var emails = candidates.Select(e => e?.Trim().ToLowerInvariant()).Where(e => !string.IsNullOrEmpty(e) && e.Length <= 254 && e.Contains('@')).Distinct().ToList();
        if (emails.Count == 0)
        {
            return null;
        }
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.CustomerId == customerId && u.Active && emails.Contains(u.Email))
            .Select(u => new { u.Id, u.Email })
            .ToListAsync(cancellationToken);
        return emails.Select(e => users.FirstOrDefault(u => u.Email == e)?.Id).FirstOrDefault(id => id is not null);
    }

    /// <summary>The account's default buyer (created as a requester on first use where the account allows it, as for a setup request), or null.</summary>
    private async Task<Guid?> DefaultBuyerAsync(PunchoutAccount account, CancellationToken cancellationToken)
    {
        try
        {
            return account.DefaultBuyerEmail is { } email ? (await buyers.ResolveAsync(account, email, email, cancellationToken)).Id : null;
        }
        catch (CxmlStatusException)
        {
            return null; // not a user and not created, or deactivated: the order has no requester, as before
        }
    }

    private Task<CxmlOrderReceipt?> FindReceiptAsync(string payloadId, string buyerOrderId, int version, CancellationToken cancellationToken) =>
        db.CxmlOrderReceipts.AsNoTracking()
            .Where(r => r.PayloadId == payloadId || (r.BuyerOrderId == buyerOrderId && r.OrderVersion == version))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>A document received before: 200 when it is the same order, 409 when the orderID and version now carry other content.</summary>
    private CxmlStatus Again(CxmlOrderReceipt receipt, string hash) =>
        receipt.ContentHash is { } stored && stored != hash
            ? throw new CxmlStatusException(409, $"Order {receipt.BuyerOrderId} version {receipt.OrderVersion} was received before with other content; "
                + "nothing was changed. Send the change as type=\"update\" with a higher orderVersion.")
            : Accepted(receipt, again: true);

    private CxmlStatus Accepted(CxmlOrderReceipt receipt, bool again, string? number = null) =>
        new(200, "OK", again
            ? $"Order {receipt.BuyerOrderId} version {receipt.OrderVersion} was received before ({receipt.Type}); nothing was changed."
            : $"Order {receipt.BuyerOrderId} version {receipt.OrderVersion} ({receipt.Type}) is order {number}.");


}
