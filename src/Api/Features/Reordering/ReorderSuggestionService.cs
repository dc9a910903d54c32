using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Reordering;

/// <summary>
/// Reorder suggestions from the order history the caller may see (requesters: their own orders; approvers,
/// administrators and read-only users: their units'): skus ordered in at least <see cref="MinOrders"/>
/// orders of the last year, with the typical (median) quantity, the last order date, the average interval,
/// the predicted next date (last + interval), stock and lead time now, and the reasons, most due first.
/// </summary>
public sealed class ReorderSuggestionService(PortalDbContext db, TenantScope tenant, OrderService orders, TimeProvider clock)
{
    public const int MinOrders = 3;
    public const int MaxLimit = 100;
    public const int DefaultLimit = 20;

    /// <summary>The most order lines read for one answer (the newest); the window is a year.</summary>
    public const int MaxLinesRead = 50_000;

    public static readonly TimeSpan Window = TimeSpan.FromDays(365);

    public async Task<ReorderSuggestionsDto> SuggestAsync(Guid? orgUnitId, int? limit, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["limit"] = [$"The limit is 1 to {MaxLimit}."] });
        }
        var now = clock.GetUtcNow();
        var since = now - Window;
        var visible = orders.Visible().AsNoTracking().Where(o => o.CreatedAt >= since && o.Status != OrderStatuses.Cancelled && o.Status != OrderStatuses.Rejected);
        if (orgUnitId is { } unitId)
        {
            var path = await db.OrgUnits.AsNoTracking().Where(o => o.Id == unitId).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"No org unit has the id '{unitId}'.");
            var units = db.OrgUnits.Where(o => o.Path.StartsWith(path)).Select(o => o.Id);
            visible = visible.Where(o => o.OrgUnitId != null && units.Contains(o.OrgUnitId.Value));
        }
        var rows = await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderCreatedAt >= since && visible.Any(o => o.Id == l.OrderId))
            .OrderByDescending(l => l.OrderCreatedAt)
            .Select(l => new { l.Sku, l.OrderId, l.OrderCreatedAt, l.Quantity })
            .Take(MaxLinesRead)
            .ToListAsync(cancellationToken);
        var ordersConsidered = rows.Select(r => r.OrderId).Distinct().Count();

        var candidates = rows
            .GroupBy(r => r.Sku, StringComparer.Ordinal)
            .Select(g => new
            {
                Sku = g.Key,
                // One entry per order: the quantity of the sku in that order.
                PerOrder = g.GroupBy(r => r.OrderId).Select(o => (At: o.Max(x => x.OrderCreatedAt), Quantity: o.Sum(x => x.Quantity))).OrderBy(o => o.At).ToList(),
            })
            .Where(c => c.PerOrder.Count >= MinOrders)
            .ToList();
        var skus = candidates.Select(c => c.Sku).ToList();
        var products = skus.Count == 0
            ? []
            : await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku))
                .Select(p => new { p.Sku, p.Name, p.Unit, p.StockQuantity, p.LeadTimeDays })
                .ToDictionaryAsync(p => p.Sku, cancellationToken);

        var suggestions = new List<ReorderSuggestionDto>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var first = candidate.PerOrder[0].At;
            var last = candidate.PerOrder[^1].At;
            var count = candidate.PerOrder.Count;
            var intervalDays = Math.Round((decimal)(last - first).TotalDays / (count - 1), 1);
            var typical = Median(candidate.PerOrder.Select(o => o.Quantity).ToList());
            var predicted = last.AddDays((double)intervalDays);
            products.TryGetValue(candidate.Sku, out var product);
            var stock = product is null ? null : new StockInfo(product.StockQuantity >= typical, product.StockQuantity, product.LeadTimeDays);
            var reasons = new List<string> { "ordered-repeatedly" };
            var text = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture, $"Ordered in {count} orders since {first:yyyy-MM-dd}, typically {typical:0.###} {product?.Unit ?? "units"}"),
                string.Create(CultureInfo.InvariantCulture, $"about every {intervalDays:0.#} days; last on {last:yyyy-MM-dd}"),
            };
            if (predicted <= now)
            {
                reasons.Add("due");
                text.Add(string.Create(CultureInfo.InvariantCulture, $"due since {predicted:yyyy-MM-dd}"));
            }
            else
            {
                reasons.Add("due-soon");
                text.Add(string.Create(CultureInfo.InvariantCulture, $"next expected around {predicted:yyyy-MM-dd}"));
            }
            if (stock is { InStock: false })
            {
                reasons.Add("low-stock");
                text.Add(string.Create(CultureInfo.InvariantCulture, $"only {stock.StockQuantity:0.###} in stock, lead time {stock.LeadTimeDays} working day(s): order early"));
            }
            suggestions.Add(new ReorderSuggestionDto(candidate.Sku, product?.Name, product?.Unit, count, typical, last, intervalDays, predicted, stock, reasons,
                string.Join("; ", text) + "."));
        }
        var items = suggestions.OrderBy(s => s.PredictedNextAt).ThenBy(s => s.Sku, StringComparer.Ordinal).Take(take).ToList();
        return new ReorderSuggestionsDto(items, since, ordersConsidered, MinOrders);
    }

    private static decimal Median(List<decimal> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
