namespace Portal.Api.Features.Ordering;

/// <summary>
/// The ERP's order feed: every order change (created, status changed) exactly once, in a stable order,
/// resumable by cursor. On PostgreSQL each entry carries the id of the transaction that wrote it and the
/// feed serves only entries of transactions older than the oldest one still running, so an entry that
/// commits late can never fall behind a cursor that has moved on. (SQLite has one writer at a time:
/// insertion order is commit order.)
/// </summary>
public sealed class OrderFeedService(PortalDbContext db, Infrastructure.Tenancy.TenantScope tenant)
{
    public async Task<OrderFeedPage> ReadAsync(string? after, int? limit, CancellationToken cancellationToken)
    {
        var take = Cursor.Limit(limit, defaultLimit: 100, maxLimit: 1000);
        var (afterTx, afterId) = Parse(after);

        var query = db.OrderEvents.AsNoTracking().Where(e => e.TxId > afterTx || (e.TxId == afterTx && e.Id > afterId));
        if (tenant.CustomerId is { } customerId)
        {
            query = query.Where(e => e.CustomerId == customerId);
        }
        if (db.Database.IsNpgsql())
        {
            var horizon = (await db.Database
                .SqlQueryRaw<long>("SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint AS \"Value\"")
                .ToListAsync(cancellationToken))[0];
            query = query.Where(e => e.TxId < horizon);
        }
        var rows = await (
                from e in query
                join o in db.Orders.IgnoreQueryFilters() on e.OrderId equals o.Id
                orderby e.TxId, e.Id
                select new { e.TxId, e.Id, e.Type, e.OrderId, o.Number, e.CustomerId, e.Status, o.CustomerReference, o.Total, o.Currency, e.At })
            .Take(take)
            .ToListAsync(cancellationToken);

        var items = rows.Select(r => new OrderFeedEntry(Format(r.TxId, r.Id), r.Type, r.OrderId, r.Number, r.CustomerId, r.Status, r.CustomerReference, r.Total, r.Currency, r.At)).ToList();
        var next = items.Count > 0 ? items[^1].Cursor : Format(afterTx, afterId);
        return new OrderFeedPage(items, next);
    }

    private static string Format(long tx, long id) => Cursor.Encode(tx.ToString(CultureInfo.InvariantCulture) + ":" + id.ToString(CultureInfo.InvariantCulture));

    private static (long Tx, long Id) Parse(string? cursor)
    {
        if (Cursor.Decode(cursor) is not { } text)
        {
            return (long.MinValue, 0);
        }
        var parts = text.Split(':');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var tx)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return (tx, id);
        }
        throw new RequestValidationException(new Dictionary<string, string[]> { ["after"] = ["The cursor is not valid. Pass nextCursor from the previous page unchanged."] });
    }
}
