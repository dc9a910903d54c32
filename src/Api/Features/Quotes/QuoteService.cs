using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Quotes;

/// <summary>
/// Quotes for the API: the customer's request, reading (by org unit, like orders), the customer's answers
/// (accept into an order through <see cref="OrderService"/>, decline, revise) and the sales desk's steps
/// (<see cref="QuoteDeskService"/>). Each step and its event commit together.
/// </summary>
public sealed partial class QuoteService(
    PortalDbContext db, CallerContext callers, TenantScope tenant, PriceCalculationService pricing, CartService carts, OrderService orders, TimeProvider clock)
{
    public async Task<QuoteDto> CreateAsync(CreateQuoteRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var caller = callers.Required;
        var errors = new ValidationErrors();
        if (request.CartId is null == (request.Lines is null))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["cartId"] = ["Send either cartId or lines."] });
        }
        List<(string Sku, decimal Quantity, decimal? Target, string? Note)> wanted = [];
        Guid? cartId = null;
        if (request.CartId is { } id)
        {
            var cart = await carts.FindAsync(id, tracking: false, cancellationToken);
            cartId = cart.Id;
            wanted = cart.Lines.OrderBy(l => l.Position).Select(l => (l.Sku, l.Quantity, (decimal?)null, l.Note)).ToList();
            if (wanted.Count == 0)
            {
                throw new BusinessRuleException("The cart is empty.");
            }
        }
        else
        {
            var inputs = request.Lines!;
            if (inputs.Count == 0 || inputs.Count > QuoteLimits.MaxLines)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["lines"] = [$"A quote request has 1 to {QuoteLimits.MaxLines} lines."] });
            }
            for (var i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                var prefix = $"lines[{i}].";
                var sku = input?.Sku?.Trim();
                if (string.IsNullOrEmpty(sku) || sku.Length > 64)
                {
                    errors.Add(prefix + "sku", "The sku is required (up to 64 characters).");
                }
                if (input?.Quantity is not { } quantity)
                {
                    errors.Add(prefix + "quantity", "The quantity is required and greater than 0.");
                }
                else if (Quantities.Check(quantity) is { } problem)
                {
                    errors.Add(prefix + "quantity", problem);
                }
                if (input?.TargetPrice is { } target && (target < 0 || target > QuoteLimits.MaxUnitPrice || decimal.Round(target, 4) != target))
                {
                    errors.Add(prefix + "targetPrice", "The target price is 0 or more, below 1,000,000,000, with at most 4 decimals.");
                }
                if (input?.Note is { Length: > QuoteLimits.MaxNote })
                {
                    errors.Add(prefix + "note", $"The note has at most {QuoteLimits.MaxNote} characters.");
                }
                if (errors.IsEmpty)
                {
                    wanted.Add((sku!, input!.Quantity!.Value, input.TargetPrice, input.Note?.Trim()));
                }
            }
        }
        if (request.Message is { Length: > QuoteLimits.MaxText })
        {
            errors.Add("message", $"The message has at most {QuoteLimits.MaxText} characters.");
        }
        if (request.RequestedDeliveryDate is { } date && date < pricing.Today)
        {
            errors.Add("requestedDeliveryDate", "The requested delivery date is today or later.");
        }
        errors.ThrowIfAny();

        var skus = wanted.Select(w => w.Sku).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => new { p.Sku, p.Name, p.Unit }).ToDictionaryAsync(p => p.Sku, cancellationToken);
        for (var i = 0; i < wanted.Count; i++)
        {
            if (!products.TryGetValue(wanted[i].Sku, out var product))
            {
                errors.Add(request.CartId is null ? $"lines[{i}].sku" : "cartId", $"No product has the sku '{wanted[i].Sku}'.");
            }
            else if (Quantities.Check(wanted[i].Quantity, product.Unit) is { } problem)
            {
                errors.Add(request.CartId is null ? $"lines[{i}].quantity" : "cartId", request.CartId is null ? problem : $"{wanted[i].Sku}: {problem}");
            }
        }
        errors.ThrowIfAny();

        var priced = await pricing.PriceLinesAsync(customerId, null, pricing.Today, wanted.Select(w => (w.Sku, w.Quantity)).ToList(), cancellationToken);
        var now = clock.GetUtcNow();
        var quote = new Quote
        {
            CustomerId = customerId, Number = string.Empty, RequesterId = caller.UserId, OrgUnitId = await OrgUnitOfCallerAsync(cancellationToken),
            Currency = priced.Currency, Message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim(),
            RequestedDeliveryDate = request.RequestedDeliveryDate, CartId = cartId, CreatedAt = now, UpdatedAt = now,
        };
        for (var i = 0; i < wanted.Count; i++)
        {
            var price = priced.Lines[i].Price;
            var product = products[wanted[i].Sku];
            quote.RequestedLines.Add(new QuoteRequestedLine
            {
                Position = i + 1, Sku = wanted[i].Sku, Description = product.Name, Unit = product.Unit, Quantity = wanted[i].Quantity,
                TargetPrice = wanted[i].Target, UnitPrice = price?.UnitPrice, ListPrice = price?.ListPrice, Note = wanted[i].Note,
            });
            quote.RequestedValue += price?.LineTotal ?? 0;
        }

        await StoreRequestAsync(quote, request.Message, now, cancellationToken);
        return await GetAsync(quote.Id, cancellationToken);
    }

    /// <summary>Numbers and stores the request with its history entry and <c>quote.requested</c>, in one transaction.</summary>
    private async Task StoreRequestAsync(Quote quote, string? message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var customerId = quote.CustomerId;
        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        quote.Number = await NextNumberAsync(cancellationToken);
        db.Add(quote);
        AddHistory(quote, "requested", null, QuoteStatuses.Requested, null, now, message is null ? null : Text.Clip(message, QuoteLimits.MaxText));
        db.AddEvent(EventTypes.QuoteRequested, customerId, now, new QuoteRequestedData(
            quote.Id, quote.Number, quote.RequesterId, quote.OrgUnitId, quote.Currency, quote.RequestedValue, quote.Message, quote.RequestedDeliveryDate,
            quote.RequestedLines.Select(l => new QuoteEventLine(l.Position, l.Sku, l.Description, l.Quantity, l.Unit, l.TargetPrice, l.UnitPrice,
                l.UnitPrice is { } p ? Money(p * l.Quantity) : null)).ToList(),
            now));
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async Task<Page<QuoteSummaryDto>> ListAsync(QuoteFilter filter, CancellationToken cancellationToken)
    {
        var query = Visible().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            var statuses = filter.Status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (statuses.Count == 0 || statuses.Count > 10 || statuses.Any(s => !QuoteStatuses.All.Contains(s)))
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["status"] = ["The status is one or more of: " + string.Join(", ", QuoteStatuses.All) + "."] });
            }
            query = query.Where(q => statuses.Contains(q.Status));
        }
        if (filter.From is { } from)
        {
            query = query.Where(q => q.CreatedAt >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(q => q.CreatedAt < to);
        }
        if (filter.RequesterId is { } requester)
        {
            query = query.Where(q => q.RequesterId == requester);
        }
        if (filter.CustomerId is { } customer)
        {
            // Customer-side callers only ever see their own account anyway.
            query = query.Where(q => q.CustomerId == customer);
        }
        if (filter.MinAgeHours is { } hours)
        {
            if (hours is < 0 or > 24 * 3660)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["minAgeHours"] = ["The age is 0 to 87840 hours."] });
            }
            var before = clock.GetUtcNow().AddHours(-hours);
            query = query.Where(q => q.CreatedAt <= before);
        }
        if (filter.MinValue is { } min)
        {
            query = query.Where(q => (q.Total ?? q.RequestedValue) >= min);
        }
        if (filter.MaxValue is { } max)
        {
            query = query.Where(q => (q.Total ?? q.RequestedValue) <= max);
        }
        var page = await query.ToPageAsync(q => q.Number, filter.Limit, filter.Cursor, cancellationToken);
        var now = clock.GetUtcNow();
        return page.Map(q => new QuoteSummaryDto(
            q.Id, q.Number, q.CustomerId, ShownStatus(q, now), q.LatestVersion, q.RequesterId, q.OrgUnitId, q.Currency, q.RequestedValue, q.Total, q.ValidUntil,
            q.ClaimedBy, q.RequestedLines.Count, q.CreatedAt, q.UpdatedAt));
    }

    public async Task<QuoteDto> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var quote = await Visible().AsNoTracking().FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No quote has the id '{id}'.");
        return await ToDtoAsync(quote, cancellationToken);
    }

    /// <summary>The PDF of a sent version (authorised like the quote).</summary>
    public async Task<(byte[] Content, string FileName)> PdfAsync(Guid id, int version, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var quote = await Visible().AsNoTracking().FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No quote has the id '{id}'.");
        var sent = await db.Set<QuoteVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.QuoteId == id && v.Number == version, cancellationToken)
            ?? throw new NotFoundException($"Quote {quote.Number} has no sent version {version}.");
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == quote.CustomerId).Select(c => c.Name).FirstAsync(cancellationToken);
        return (QuotePdf.Write(quote, sent, customer), $"{quote.Number}-v{version}.pdf");
    }

    /// <summary>
    /// Quotes a caller may see: administrators, approvers and read-only users those of their org units (and
    /// below); requesters their own. Supplier-side callers see the selected account's, or every account's.
    /// </summary>
    internal IQueryable<Quote> Visible()
    {
        var caller = callers.Required;
        var quotes = db.Set<Quote>();
        if (caller.IsSupplier)
        {
            return quotes;
        }
        tenant.RequireCustomer();
        var paths = caller.Assignments
            .Where(a => a.Role is Roles.Administrator or Roles.Approver or Roles.ReadOnly)
            .Select(a => a.OrgUnitPath).Distinct().ToList();
        var userId = caller.UserId;
        if (paths.Count == 0)
        {
            return quotes.Where(q => q.RequesterId == userId);
        }
        if (paths.Any(p => p.Count(c => c == '/') == 2))
        {
            return quotes;
        }
        var units = db.OrgUnits.Where(u => paths.Any(p => u.Path.StartsWith(p))).Select(u => u.Id);
        return quotes.Where(q => q.RequesterId == userId || (q.OrgUnitId != null && units.Contains(q.OrgUnitId.Value)));
    }

    internal async Task SaveAsync(Quote quote, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Quote {quote.Number} was changed at the same time. Read it again.");
        }
    }

    internal void AddHistory(Quote quote, string action, string? from, string to, int? version, DateTimeOffset at, string? comment, Guid? orderId = null) =>
        db.Add(new QuoteHistoryEntry
        {
            CustomerId = quote.CustomerId, QuoteId = quote.Id, Action = action, From = from, To = to, QuoteVersion = version,
            Actor = callers.Current is { } caller ? OrderService.Actor(caller) : "system", At = at, Comment = comment, OrderId = orderId,
        });

    internal async Task<QuoteDto> ToDtoAsync(Quote quote, CancellationToken cancellationToken)
    {
        var versions = await db.Set<QuoteVersion>().AsNoTracking().Where(v => v.QuoteId == quote.Id).OrderBy(v => v.Number).ToListAsync(cancellationToken);
        var history = await db.Set<QuoteHistoryEntry>().AsNoTracking().Where(h => h.QuoteId == quote.Id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
        var requested = quote.RequestedLines.OrderBy(l => l.Position).ToList();
        var targets = requested.GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.First().TargetPrice, StringComparer.Ordinal);
        var latest = versions.LastOrDefault();
        var lines = latest is null
            ? requested.Select(RequestedLine).ToList()
            : Lines(latest.Lines, targets);
        var showDraft = callers.Current?.IsSupplier == true;
        var draftLines = showDraft ? await DraftLinesAsync(quote, cancellationToken) : [];
        return new QuoteDto(
            quote.Id, quote.Number, quote.CustomerId, ShownStatus(quote, clock.GetUtcNow()), quote.LatestVersion, quote.RequesterId, quote.OrgUnitId, quote.Currency,
            quote.Message, quote.RequestedDeliveryDate, quote.ClaimedBy, quote.RequestedValue, quote.Total, quote.ValidUntil, quote.AcceptedVersion, quote.OrderId,
            quote.DeclineReason, lines,
            requested.Select(l => new QuoteRequestedLineDto(l.Position, l.Sku, l.Description, l.Unit, l.Quantity, l.TargetPrice, l.UnitPrice, l.ListPrice, l.Note)).ToList(),
            versions.Select(v => new QuoteVersionDto(v.Number, v.Currency, v.Total, v.ListTotal, v.Saving, v.ValidUntil, v.Note, v.SentBy, v.SentAt,
                v.Number != quote.LatestVersion, Lines(v.Lines, targets), $"/api/v1/quotes/{quote.Id}/versions/{v.Number}/pdf")).ToList(),
            showDraft ? new QuoteDraftDto(Lines(draftLines, targets), quote.DraftValidUntil, quote.DraftNote) : null,
            history.Select(h => new QuoteHistoryDto(h.Action, h.From, h.To, h.QuoteVersion, h.Actor, h.At, h.Comment, h.OrderId)).ToList(),
            quote.CreatedAt, quote.UpdatedAt);
    }

    /// <summary>A requested line at the account's price when it was asked for: its saving against list where both are known.</summary>
    private static QuoteLineDto RequestedLine(QuoteRequestedLine l)
    {
        decimal? saving = null, savingPercent = null, lineSaving = null;
        var lineTotal = l.UnitPrice is { } unit ? Money(unit * l.Quantity) : (decimal?)null;
        if (l.UnitPrice is { } u && l.ListPrice is { } list)
        {
            saving = list - u;
            savingPercent = list > 0 ? Math.Round((list - u) / list * 100, 2, MidpointRounding.AwayFromZero) : 0;
            lineSaving = Money(list * l.Quantity) - lineTotal;
        }
        return new QuoteLineDto(l.Position, l.Sku, l.Description, l.Unit, l.Quantity, l.UnitPrice, l.ListPrice, saving, savingPercent,
            lineTotal, lineSaving, l.TargetPrice, null, l.Note, false);
    }

    /// <summary>
    /// The sales desk's draft as it would be sent now: list prices and savings from the pricing core today (the
    /// version takes them the same way when it is sent: <see cref="QuoteDeskService.SendAsync"/> calls this).
    /// </summary>
    internal async Task<List<QuoteOfferLine>> DraftLinesAsync(Quote quote, CancellationToken cancellationToken)
    {
        if (quote.DraftLines.Count == 0)
        {
            return [];
        }
        var draft = quote.DraftLines.OrderBy(l => l.Position).ToList();
        var priced = await pricing.PriceLinesAsync(quote.CustomerId, quote.Currency, pricing.Today, draft.Select(l => (l.Sku, l.Quantity)).ToList(), cancellationToken);
        return draft.Select((l, i) => QuoteOfferLine.Offered(l, i + 1, priced.Lines[i].Price?.ListPrice)).ToList();
    }

    private static List<QuoteLineDto> Lines(IEnumerable<QuoteOfferLine> lines, IReadOnlyDictionary<string, decimal?> targets) =>
        lines.OrderBy(l => l.Position).Select(l => new QuoteLineDto(
            l.Position, l.Sku, l.Description, l.Unit, l.Quantity, l.UnitPrice, l.ListPrice, l.Saving, l.SavingPercent, l.LineTotal, l.LineSaving,
            targets.GetValueOrDefault(l.Sku), l.LeadTimeDays, l.Note, l.Alternative)).ToList();

    /// <summary>An offer whose validity has passed is shown as expired even before the expiry job has marked it.</summary>
    internal static string ShownStatus(Quote quote, DateTimeOffset now) =>
        quote.Status == QuoteStatuses.Offered && quote.ValidUntil <= now ? QuoteStatuses.Expired : quote.Status;

    internal static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private async Task<Guid?> OrgUnitOfCallerAsync(CancellationToken cancellationToken)
    {
        Guid? unit = null;
        if (callers.Required.UserId is { } userId)
        {
            unit = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (Guid?)u.OrgUnitId).FirstOrDefaultAsync(cancellationToken);
        }
        return unit ?? await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == null).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The next quote number from a counter row, inside the request's transaction.</summary>
    private async Task<string> NextNumberAsync(CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT INTO counters (name, value) VALUES ('quote-number', 0) ON CONFLICT (name) DO NOTHING", cancellationToken);
        var value = await db.Database.SqlQueryRaw<long>("UPDATE counters SET value = value + 1 WHERE name = 'quote-number' RETURNING value AS \"Value\"")
            .ToListAsync(cancellationToken);
        return $"QT-{value[0]:D8}";
    }
}
