using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Quotes;
/// <summary>The customer's answers to an offer: accept into an order, decline, ask for a revision; and the acceptance
/// by a purchase order that a punchout cart priced from the quote carried.</summary>
public sealed partial class QuoteService
{
    public async Task<AcceptQuoteResult> AcceptAsync(Guid id, AcceptQuoteRequest? request, CancellationToken cancellationToken)
    {
        request ??= new AcceptQuoteRequest();
        if (request.CustomerReference is { Length: > 64 })
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["customerReference"] = ["The customer reference has at most 64 characters."] });
        }
        var caller = callers.Required;
        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        var quote = await FindForAnswerAsync(id, cancellationToken);
        if (quote.Status == QuoteStatuses.Accepted)
        {
            var twice = new ConflictException($"Quote {quote.Number} was accepted already (version {quote.AcceptedVersion}).");
            twice.Extensions["orderId"] = quote.OrderId;
            throw twice;
        }
        var version = request.Version ?? quote.LatestVersion;
        if (version < 1 || version > quote.LatestVersion)
        {
            throw new NotFoundException($"Quote {quote.Number} has no sent version {version}.");
        }
        if (version != quote.LatestVersion)
        {
            throw new QuoteSupersededException(quote.Number, version, quote.LatestVersion);
        }
        var now = clock.GetUtcNow();
        if (quote.Status == QuoteStatuses.Expired || (quote.Status == QuoteStatuses.Offered && quote.ValidUntil <= now))
        {
            throw new QuoteExpiredException(quote.Number, version, quote.ValidUntil!.Value);
        }
        if (quote.Status != QuoteStatuses.Offered)
        {
            throw new ConflictException($"Quote {quote.Number} is {quote.Status}: only an offered quote can be accepted.");
        }
        var sent = await db.Set<QuoteVersion>().AsNoTracking().FirstAsync(v => v.QuoteId == quote.Id && v.Number == version, cancellationToken);

        var from = quote.Status;
        quote.Status = QuoteStatuses.Accepted;
        quote.AcceptedVersion = version;
        quote.UpdatedAt = now;
        var lines = sent.Lines.OrderBy(l => l.Position).Select(l => new OrderService.NewLine(
            l.Sku, l.Quantity, null, l.Note, quote.RequestedDeliveryDate, AgreedUnitPrice: l.UnitPrice,
            AgreedPriceSource: "quote", AgreedConditionId: $"{quote.Number}/v{version}")).ToList();
        var reference = string.IsNullOrWhiteSpace(request.CustomerReference) ? quote.Number : request.CustomerReference.Trim();
        Order order;
        try
        {
            // The order is placed like any other (budgets, approvals, its own events) at the quoted prices, for the
            // unit the quote was requested for, also when an administrator above it accepts (its rules and budgets
            // apply, not the administrator's unit's); the quote's version guards against a second acceptance racing this one.
            order = await orders.PlaceAsync(lines, request.DeliveryAddressId, reference, $"Quote {quote.Number}, version {version}", "quote", cancellationToken,
                forOrgUnitId: quote.OrgUnitId);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Quote {quote.Number} was answered at the same time. Read it again.");
        }
        quote.OrderId = order.Id;
        AddHistory(quote, "accepted", from, QuoteStatuses.Accepted, version, now, $"Order {order.Number}", order.Id);
        db.AddEvent(EventTypes.QuoteAccepted, quote.CustomerId, now, new QuoteAcceptedData(
            quote.Id, quote.Number, version, order.Id, order.Number, caller.UserId, order.Currency, order.Total, now));
        await SaveAsync(quote, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new AcceptQuoteResult(order.Id, order.Number, order.Status, quote.Id, version);
    }

    public async Task<QuoteDto> DeclineAsync(Guid id, DeclineQuoteRequest? request, CancellationToken cancellationToken)
    {
        var quote = await FindForAnswerAsync(id, cancellationToken);
        var reason = RequiredText(request?.Reason, "reason");
        var now = clock.GetUtcNow();
        RequireOpenOffer(quote, now, "declined");
        quote.Status = QuoteStatuses.Declined;
        quote.DeclineReason = reason;
        quote.UpdatedAt = now;
        AddHistory(quote, "declined", QuoteStatuses.Offered, QuoteStatuses.Declined, quote.LatestVersion, now, reason);
        await SaveAsync(quote, cancellationToken);
        return await ToDtoAsync(quote, cancellationToken);
    }

    public async Task<QuoteDto> ReviseAsync(Guid id, ReviseQuoteRequest? request, CancellationToken cancellationToken)
    {
        var quote = await FindForAnswerAsync(id, cancellationToken);
        var comment = RequiredText(request?.Comment, "comment");
        var now = clock.GetUtcNow();
        RequireOpenOffer(quote, now, "revised");
        quote.Status = QuoteStatuses.InProgress;
        quote.UpdatedAt = now;
        AddHistory(quote, "revision-requested", QuoteStatuses.Offered, QuoteStatuses.InProgress, quote.LatestVersion, now, comment);
        await SaveAsync(quote, cancellationToken);
        return await ToDtoAsync(quote, cancellationToken);
    }

    private static void RequireOpenOffer(Quote quote, DateTimeOffset now, string what)
    {
        if (quote.Status == QuoteStatuses.Expired || (quote.Status == QuoteStatuses.Offered && quote.ValidUntil <= now))
        {
            throw new QuoteExpiredException(quote.Number, quote.LatestVersion, quote.ValidUntil!.Value);
        }
        if (quote.Status != QuoteStatuses.Offered)
        {
            throw new ConflictException($"Quote {quote.Number} is {quote.Status}: only an offered quote can be {what}.");
        }
    }

    private static string RequiredText(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { [field] = [$"The {field} is required."] });
        }
        if (value.Length > QuoteLimits.MaxText)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { [field] = [$"The {field} has at most {QuoteLimits.MaxText} characters."] });
        }
        return value.Trim();
    }

    /// <summary>
    /// A quote the caller may answer (accept, decline, revise): visible, and the caller is its requester or
    /// an administrator at its org unit or above. Visible but not theirs to answer: 403; not visible: 404.
    /// </summary>
    private async Task<Quote> FindForAnswerAsync(Guid id, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var caller = callers.Required;
        var quote = await Visible().FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No quote has the id '{id}'.");
        if (caller.UserId is { } me && quote.RequesterId == me)
        {
            return quote;
        }
        var path = quote.OrgUnitId is { } unit
            ? await db.OrgUnits.AsNoTracking().Where(o => o.Id == unit).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (path is null || !caller.HasRoleAt(path, Roles.Administrator) || caller.IsSupplier)
        {
            throw new ForbiddenException("Only the quote's requester or an administrator at its org unit or above may answer it.");
        }
        return quote;
    }


    /// <summary>
    /// An order placed from elsewhere at this quote's prices (a cXML OrderRequest whose lines reference the
    /// transferred quote cart) accepts the quote: offered and still the latest version, it becomes accepted with
    /// that order, in the caller's transaction, with its history step and <c>quote.accepted</c>; a later accept by
    /// the API is then refused as a second acceptance. A quote answered otherwise meanwhile stays as it is.
    /// </summary>
    internal async Task AcceptedByOrderAsync(Guid quoteId, int version, Order order, string via, CancellationToken cancellationToken)
    {
        var quote = await db.Set<Quote>().FirstOrDefaultAsync(q => q.Id == quoteId, cancellationToken);
        if (quote is null || quote.Status != QuoteStatuses.Offered || quote.LatestVersion != version)
        {
            return;
        }
        var now = clock.GetUtcNow();
        quote.Status = QuoteStatuses.Accepted;
        quote.AcceptedVersion = version;
        quote.OrderId = order.Id;
        quote.UpdatedAt = now;
        AddHistory(quote, "accepted", QuoteStatuses.Offered, QuoteStatuses.Accepted, version, now, $"Order {order.Number} ({via})", order.Id);
        db.AddEvent(EventTypes.QuoteAccepted, quote.CustomerId, now, new QuoteAcceptedData(
            quote.Id, quote.Number, version, order.Id, order.Number, callers.Current?.UserId, order.Currency, order.Total, now));
    }
}
