namespace Portal.Api.Features.Ordering;

/// <summary>The order history: filters, keyset pages newest first, the line-driven walk for sku and cost-center filters.</summary>
public sealed partial class OrderService
{
    public async Task<Page<OrderSummaryDto>> ListAsync(OrderFilter filter, CancellationToken cancellationToken)
    {
        var take = Cursor.Limit(filter.Limit);
        var query = Visible().AsNoTracking();
        if (filter.From is { } from)
        {
            query = query.Where(o => o.CreatedAt >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(o => o.CreatedAt < to);
        }
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            var statuses = filter.Status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (statuses.Any(s => !OrderStatuses.All.Contains(s)))
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["status"] = ["The status is one or more (comma-separated) of: " + string.Join(", ", OrderStatuses.All) + "."] });
            }
            query = query.Where(o => statuses.Contains(o.Status));
        }
        var sku = string.IsNullOrWhiteSpace(filter.Sku) ? null : filter.Sku.Trim();
        if (sku is not null)
        {
            query = query.Where(o => db.OrderLines.Any(l => l.OrderId == o.Id && l.Sku == sku));
        }
        if (filter.CostCenterId is { } costCenterId)
        {
            query = query.Where(o => db.OrderLines.Any(l => l.OrderId == o.Id && l.CostCenterId == costCenterId));
        }
        if (filter.RequesterId is { } requesterId)
        {
            query = query.Where(o => o.RequesterId == requesterId);
        }
        if (filter.OrgUnitId is { } orgUnitId)
        {
            // The unit and the units below it, as roles and cost centers reach (the visibility above still applies).
            var path = await db.OrgUnits.AsNoTracking().Where(u => u.Id == orgUnitId).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"No org unit has the id '{orgUnitId}'.");
            var units = db.OrgUnits.Where(u => u.Path.StartsWith(path)).Select(u => u.Id);
            query = query.Where(o => o.OrgUnitId != null && units.Contains(o.OrgUnitId.Value));
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            var pattern = LikePattern.Contains(q);
            query = query.Where(o => o.Number == q || (o.CustomerReference != null && EF.Functions.Like(o.CustomerReference, pattern, LikePattern.Escape)));
        }
        DateTimeOffset? before = null;
        if (Cursor.Decode(filter.Cursor) is { } after)
        {
            var (ticks, number) = SplitCursor(after);
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            before = at;
            query = query.Where(o => o.CreatedAt < at || (o.CreatedAt == at && string.Compare(o.Number, number) < 0));
        }
        var rows = sku is null && filter.CostCenterId is null
            ? await Summaries(query).Take(take + 1).ToListAsync(cancellationToken)
            : await ByLinesAsync(query, sku, filter.CostCenterId, before, take + 1, cancellationToken);
        return KeysetPaging.Cut(rows, take, o => o.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + o.Number);
    }

    /// <summary>Lines read per step of <see cref="ByLinesAsync"/> (tests make it tiny to walk many steps).</summary>
    internal static int LineBatchSize { get; set; } = 1000;

    private static IQueryable<OrderSummaryDto> Summaries(IQueryable<Order> query) => query
        .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number)
        .Select(o => new OrderSummaryDto(o.Id, o.Number, o.Status, o.CustomerReference, o.RequesterId, o.Currency, o.Total, o.Lines.Count, o.CreatedAt, o.OrgUnitId));

    /// <summary>
    /// A filter on a line attribute (sku, cost center) matches a small share of a large history: walk the
    /// matching lines newest first on their <c>(customer, sku|cost center, order date)</c> index, a batch at
    /// a time, and keep the orders that pass every other filter, until the page is full. Scanning the
    /// orders newest first and probing each one's lines instead costs seconds on a million orders.
    /// </summary>
    private async Task<List<OrderSummaryDto>> ByLinesAsync(
        IQueryable<Order> query, string? sku, Guid? costCenterId, DateTimeOffset? before, int wanted, CancellationToken cancellationToken)
    {
        var batch = LineBatchSize;
        var lines = db.OrderLines.AsNoTracking();
        lines = sku is not null ? lines.Where(l => l.Sku == sku) : lines.Where(l => l.CostCenterId == costCenterId);
        var found = new Dictionary<Guid, OrderSummaryDto>();
        var upper = before;
        while (true)
        {
            var window = upper is { } u ? lines.Where(l => l.OrderCreatedAt <= u) : lines;
            var chunk = await window.OrderByDescending(l => l.OrderCreatedAt).Select(l => new { l.OrderId, l.OrderCreatedAt }).Take(batch).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                break;
            }
            var ids = chunk.Select(c => c.OrderId).Distinct().ToList();
            foreach (var order in await Summaries(query.Where(o => ids.Contains(o.Id))).ToListAsync(cancellationToken))
            {
                found[order.Id] = order;
            }
            var oldest = chunk[^1].OrderCreatedAt;
            // Orders newer than the oldest line of this batch are complete: enough of them fill the page.
            if (found.Values.Count(o => o.CreatedAt > oldest) >= wanted || chunk.Count < batch)
            {
                break;
            }
            if (chunk[0].OrderCreatedAt == oldest)
            {
                // A whole batch of one instant (one huge order): step past it.
                upper = oldest.AddTicks(-1);
                continue;
            }
            upper = oldest;
        }
        return found.Values.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number, StringComparer.Ordinal).Take(wanted).ToList();
    }

    private static (long Ticks, string Number) SplitCursor(string cursor)
    {
        var split = cursor.IndexOf('|', StringComparison.Ordinal);
        if (split > 0 && long.TryParse(cursor[..split], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return (ticks, cursor[(split + 1)..]);
        }
        throw new RequestValidationException(new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not valid."] });
    }
}
