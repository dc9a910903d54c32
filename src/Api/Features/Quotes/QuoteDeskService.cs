using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Quotes;

/// <summary>
/// The sales desk (supplier roles <c>sales</c> and <c>supplier-admin</c>, the account named with
/// <c>Portal-Customer</c>): claim, edit the draft, send it as version n+1 (immutable, priced against the
/// list price by the pricing core), withdraw.
/// </summary>
public sealed class QuoteDeskService(PortalDbContext db, CallerContext callers, TenantScope tenant, QuoteService quotes, TimeProvider clock)
{
    public async Task<QuoteDto> ClaimAsync(Guid id, CancellationToken cancellationToken)
    {
        var quote = await FindAsync(id, cancellationToken);
        if (quote.Status is not (QuoteStatuses.Requested or QuoteStatuses.InProgress))
        {
            throw new ConflictException($"Quote {quote.Number} is {quote.Status}: only a requested or in-progress quote can be claimed.");
        }
        var now = clock.GetUtcNow();
        var from = quote.Status;
        quote.Status = QuoteStatuses.InProgress;
        quote.ClaimedBy = OrderService.Actor(callers.Required);
        quote.UpdatedAt = now;
        if (quote.DraftLines.Count == 0)
        {
            // The draft starts as the request at the account's prices (or the target price where none).
            quote.DraftLines = quote.RequestedLines.OrderBy(l => l.Position).Select(l => new QuoteOfferLine
            {
                Position = l.Position, Sku = l.Sku, Description = l.Description, Unit = l.Unit, Quantity = l.Quantity,
                UnitPrice = l.UnitPrice ?? l.TargetPrice ?? 0, Note = l.Note,
            }).ToList();
        }
        quotes.AddHistory(quote, "claimed", from, QuoteStatuses.InProgress, null, now, null);
        await quotes.SaveAsync(quote, cancellationToken);
        return await quotes.ToDtoAsync(quote, cancellationToken);
    }

    public async Task<QuoteDto> UpdateAsync(Guid id, UpdateQuoteRequest request, CancellationToken cancellationToken)
    {
        var quote = await FindAsync(id, cancellationToken);
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        List<QuoteOfferLine>? lines = null;
        if (request.Lines is { } inputs)
        {
            if (inputs.Count == 0 || inputs.Count > QuoteLimits.MaxLines)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["lines"] = [$"An offer has 1 to {QuoteLimits.MaxLines} lines."] });
            }
            var skus = inputs.Select(i => i?.Sku?.Trim()).OfType<string>().Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => new { p.Sku, p.Name, p.Unit }).ToDictionaryAsync(p => p.Sku, cancellationToken);
            var requested = quote.RequestedLines.Select(l => l.Sku).ToHashSet(StringComparer.Ordinal);
            lines = [];
            for (var i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                var prefix = $"lines[{i}].";
                var sku = input?.Sku?.Trim();
                if (string.IsNullOrEmpty(sku))
                {
                    errors.Add(prefix + "sku", "The sku is required.");
                }
                else if (!products.ContainsKey(sku))
                {
                    errors.Add(prefix + "sku", $"No product has the sku '{sku}'.");
                }
                if (input?.Quantity is not { } quantity)
                {
                    errors.Add(prefix + "quantity", "The quantity is required and greater than 0.");
                }
                else if (Quantities.Check(quantity, sku is not null && products.TryGetValue(sku, out var known) ? known.Unit : null) is { } problem)
                {
                    errors.Add(prefix + "quantity", problem);
                }
                if (input?.UnitPrice is not { } price || price < 0 || price >= QuoteLimits.MaxUnitPrice || decimal.Round(price, 4) != price)
                {
                    errors.Add(prefix + "unitPrice", "The unit price is required: 0 or more, below 1,000,000,000, with at most 4 decimals.");
                }
                if (input?.LeadTimeDays is { } days && (days < 0 || days > QuoteLimits.MaxLeadTimeDays))
                {
                    errors.Add(prefix + "leadTimeDays", $"The lead time is 0 to {QuoteLimits.MaxLeadTimeDays} days.");
                }
                if (input?.Note is { Length: > QuoteLimits.MaxNote })
                {
                    errors.Add(prefix + "note", $"The note has at most {QuoteLimits.MaxNote} characters.");
                }
                if (errors.IsEmpty)
                {
                    var product = products[sku!];
                    lines.Add(new QuoteOfferLine
                    {
                        Position = i + 1, Sku = sku!, Description = product.Name, Unit = product.Unit, Quantity = input!.Quantity!.Value,
                        UnitPrice = input.UnitPrice!.Value, LeadTimeDays = input.LeadTimeDays, Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
                        Alternative = !requested.Contains(sku!),
                    });
                }
            }
        }
        if (request.ValidUntil is { } validUntil && (validUntil <= now || validUntil > now.AddDays(QuoteLimits.MaxValidityDays)))
        {
            errors.Add("validUntil", $"The offer is valid until a time in the future, at most {QuoteLimits.MaxValidityDays} days ahead.");
        }
        if (request.Note is { Length: > QuoteLimits.MaxText })
        {
            errors.Add("note", $"The note has at most {QuoteLimits.MaxText} characters.");
        }
        errors.ThrowIfAny();
        if (quote.Status != QuoteStatuses.InProgress)
        {
            throw new ConflictException($"Quote {quote.Number} is {quote.Status}: it can be edited while in progress only (claim it first).");
        }
        if (lines is not null)
        {
            quote.DraftLines = lines;
        }
        if (request.ValidUntil is { } until)
        {
            quote.DraftValidUntil = until.ToUniversalTime();
        }
        if (request.Note is not null)
        {
            quote.DraftNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        }
        quote.ClaimedBy ??= OrderService.Actor(callers.Required);
        quote.UpdatedAt = now;
        quotes.AddHistory(quote, "updated", QuoteStatuses.InProgress, QuoteStatuses.InProgress, null, now, null);
        await quotes.SaveAsync(quote, cancellationToken);
        return await quotes.ToDtoAsync(quote, cancellationToken);
    }

    /// <summary>Sends the draft as version n+1: immutable, with list prices and savings from the pricing core.</summary>
    public async Task<QuoteDto> SendAsync(Guid id, CancellationToken cancellationToken)
    {
        var quote = await FindAsync(id, cancellationToken);
        if (quote.Status != QuoteStatuses.InProgress)
        {
            throw new ConflictException($"Quote {quote.Number} is {quote.Status}: only an in-progress quote can be sent.");
        }
        var now = clock.GetUtcNow();
        if (quote.DraftLines.Count == 0)
        {
            throw new BusinessRuleException($"Quote {quote.Number} has no offer lines: set them with PATCH first.");
        }
        if (quote.DraftValidUntil is not { } validUntil || validUntil <= now)
        {
            throw new BusinessRuleException($"Quote {quote.Number} needs a validUntil in the future: set it with PATCH first.");
        }
        var lines = await quotes.DraftLinesAsync(quote, cancellationToken);
        var version = new QuoteVersion
        {
            CustomerId = quote.CustomerId, QuoteId = quote.Id, Number = quote.LatestVersion + 1, Currency = quote.Currency, Lines = lines,
            Total = lines.Sum(l => l.LineTotal), ListTotal = lines.Sum(l => l.LineTotal + l.LineSaving), Saving = lines.Sum(l => l.LineSaving),
            ValidUntil = validUntil, Note = quote.DraftNote, SentBy = OrderService.Actor(callers.Required), SentAt = now,
        };
        db.Add(version);
        quote.LatestVersion = version.Number;
        quote.Status = QuoteStatuses.Offered;
        quote.ValidUntil = validUntil;
        quote.Total = version.Total;
        quote.UpdatedAt = now;
        quotes.AddHistory(quote, "sent", QuoteStatuses.InProgress, QuoteStatuses.Offered, version.Number, now, quote.DraftNote);
        db.AddEvent(EventTypes.QuoteSent, quote.CustomerId, now, new QuoteSentData(
            quote.Id, quote.Number, version.Number, quote.RequesterId, version.Currency, version.Total, version.Saving, validUntil,
            lines.Select(l => new QuoteEventLine(l.Position, l.Sku, l.Description, l.Quantity, l.Unit, null, l.UnitPrice, l.LineTotal)).ToList(),
            version.SentBy, now));
        await quotes.SaveAsync(quote, cancellationToken);
        return await quotes.ToDtoAsync(quote, cancellationToken);
    }

    public async Task<QuoteDto> WithdrawAsync(Guid id, WithdrawQuoteRequest? request, CancellationToken cancellationToken)
    {
        if (request?.Reason is { Length: > QuoteLimits.MaxText })
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["reason"] = [$"The reason has at most {QuoteLimits.MaxText} characters."] });
        }
        var quote = await FindAsync(id, cancellationToken);
        if (QuoteStatuses.IsFinal(quote.Status))
        {
            throw new ConflictException($"Quote {quote.Number} is {quote.Status}: it can no longer be withdrawn.");
        }
        var now = clock.GetUtcNow();
        var from = quote.Status;
        quote.Status = QuoteStatuses.Withdrawn;
        quote.UpdatedAt = now;
        quotes.AddHistory(quote, "withdrawn", from, QuoteStatuses.Withdrawn, quote.LatestVersion == 0 ? null : quote.LatestVersion, now, request?.Reason?.Trim());
        await quotes.SaveAsync(quote, cancellationToken);
        return await quotes.ToDtoAsync(quote, cancellationToken);
    }

    /// <summary>A quote of the account named with Portal-Customer (another account's: 404).</summary>
    private async Task<Quote> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        if (!callers.Required.IsSupplier)
        {
            throw new ForbiddenException("Only the sales desk works on quotes.");
        }
        return await db.Set<Quote>().FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No quote has the id '{id}'.");
    }
}
