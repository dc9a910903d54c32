using Portal.Api.Features.Ordering;
using Portal.Punchout.Cxml;

namespace Portal.Api.Features.Punchout;

/// <summary>Prices of an OrderRequest's lines: from the quotes they reference, else checked against what the session
/// quoted or today's price, differences recorded as price mismatches.</summary>
public sealed partial class CxmlOrderIntake
{
    /// <summary>The quote lines the request's lines reference (by index), when the reference is still good.</summary>
    private readonly Dictionary<int, (Quotes.QuoteOfferLine Line, string Condition, string Currency, Guid QuoteId, int Version)> quoted = [];

    /// <summary>
    /// Lines whose SupplierPartAuxiliaryID is a quote reference (<c>QT-…/v{n}/{position}</c>, written when a quote cart was
    /// transferred) are priced from that quote version: price source <c>quote</c>, condition <c>QT-…/v{n}</c>, the buyer's
    /// price kept and compared with the quoted one (a difference is recorded, like every price mismatch). The reference is
    /// good only for this account's quote (another account's is unknown: tenant-filtered), the same sku, the latest sent
    /// version, offered and not past its validity when the order arrives; otherwise the line falls back to the normal
    /// rules (compared with today's price, flagged <c>not-quoted</c> when it differs). Nothing is refused for it.
    /// </summary>
    private async Task PriceFromQuotesAsync(OrderRequest request, List<OrderService.NewLine> lines, CancellationToken cancellationToken)
    {
        quoted.Clear();
        var refs = new Dictionary<int, (string Number, int Version, int Position)>();
        for (var i = 0; i < request.Items.Count; i++)
        {
            if (PunchoutQuoteReference.TryParse(request.Items[i].ItemId.SupplierPartAuxiliaryId, out var number, out var version, out var position))
            {
                refs[i] = (number, version, position);
            }
        }
        if (refs.Count == 0)
        {
            return;
        }
        var numbers = refs.Values.Select(r => r.Number).Distinct().ToList();
        var found = await db.Set<Quotes.Quote>().AsNoTracking().Where(q => numbers.Contains(q.Number)).ToDictionaryAsync(q => q.Number, cancellationToken);
        var ids = found.Values.Select(q => q.Id).ToList();
        var versions = await db.Set<Quotes.QuoteVersion>().AsNoTracking().Where(v => ids.Contains(v.QuoteId)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var (i, r) in refs)
        {
            if (!found.TryGetValue(r.Number, out var quote)
                || versions.FirstOrDefault(v => v.QuoteId == quote.Id && v.Number == r.Version) is not { } version
                || new LoadedQuote(quote, version).Invalid(now) is not null
                || version.Lines.FirstOrDefault(l => l.Position == r.Position) is not { } offered
                || offered.Sku != lines[i].Sku)
            {
                continue;
            }
            var condition = PunchoutQuoteReference.Condition(quote.Number, version.Number);
            quoted[i] = (offered, condition, version.Currency, quote.Id, version.Number);
            lines[i] = lines[i] with { AgreedUnitPrice = lines[i].AgreedUnitPrice ?? offered.UnitPrice, AgreedPriceSource = "quote", AgreedConditionId = condition };
        }
    }

    private async Task<List<PriceMismatch>> CheckPricesAsync(OrderRequest request, List<OrderService.NewLine> lines, CancellationToken cancellationToken)
    {
        var current = await orders.CurrentUnitPricesAsync(lines.Select(l => (l.Sku, l.Quantity)).ToList(), cancellationToken);
        var quoteIds = request.Items.Select(i => Guid.TryParse(i.ItemId.SupplierPartAuxiliaryId, out var id) ? id : (Guid?)null).ToList();
        var wanted = quoteIds.OfType<Guid>().Distinct().ToList();
        // Tenant-filtered: another account's session line is never a quote for this order.
        var quotes = await db.PunchoutSessionLines.AsNoTracking()
            .Where(l => wanted.Contains(l.Id) && l.QuotedUnitPrice != null)
            .ToDictionaryAsync(l => l.Id, cancellationToken);
        var mismatches = new List<PriceMismatch>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (quoted.TryGetValue(i, out var fromQuote))
            {
                // Priced from the quote: the buyer's price must be the quoted one (as sent: minor units or per a price unit).
                var buyer = lines[i].AgreedUnitPrice!.Value;
                var price = fromQuote.Line.UnitPrice;
                if (buyer != price && buyer != Portal.Punchout.Money.CurrencyAmounts.Effective(price, fromQuote.Currency))
                {
                    mismatches.Add(new PriceMismatch { Position = i + 1, Sku = lines[i].Sku, OrderedUnitPrice = buyer, QuotedUnitPrice = price, CurrentUnitPrice = current[i] ?? price, Reason = "differs-from-quote" });
                }
                continue;
            }
            if (lines[i].AgreedUnitPrice is not { } ordered || current[i] is not { } now)
            {
                continue;
            }
            if (quoteIds[i] is { } quoteId && quotes.TryGetValue(quoteId, out var quote) && quote.Sku == lines[i].Sku)
            {
                if (quote.QuotedUnitPrice != ordered)
                {
                    mismatches.Add(new PriceMismatch { Position = i + 1, Sku = lines[i].Sku, OrderedUnitPrice = ordered, QuotedUnitPrice = quote.QuotedUnitPrice, CurrentUnitPrice = now, Reason = "differs-from-quote" });
                }
            }
            else if (ordered != now)
            {
                mismatches.Add(new PriceMismatch { Position = i + 1, Sku = lines[i].Sku, OrderedUnitPrice = ordered, CurrentUnitPrice = now, Reason = "not-quoted" });
            }
        }
        // The header Total must be what the lines add up to (line totals rounded to minor units, or the rounded sum);
        // a difference is recorded (position 0, sku TOTAL), never refused.
        if (lines.All(l => l.AgreedUnitPrice is not null) && request.Header.Total is { } total)
        {
            var currency = total.Currency;
            var rounded = lines.Sum(l => Portal.Punchout.Money.CurrencyAmounts.LineTotal(l.AgreedUnitPrice!.Value, l.Quantity, currency));
            var exact = Portal.Punchout.Money.CurrencyAmounts.Round(lines.Sum(l => l.AgreedUnitPrice!.Value * l.Quantity), currency);
            if (total.Amount != rounded && total.Amount != exact)
            {
                mismatches.Add(new PriceMismatch { Position = 0, Sku = "TOTAL", OrderedUnitPrice = total.Amount, CurrentUnitPrice = rounded, Reason = "total-differs" });
            }
        }
        return mismatches;
    }
}
