namespace Portal.Api.Features.Reordering;

/// <summary>A favorites list, an order template or a replenishment schedule: found by id, paged by creation time.</summary>
public interface IReorderingRecord
{
    Guid Id { get; }

    DateTimeOffset CreatedAt { get; }
}

/// <summary>Keyset pages by creation time (as carts page): the cursor holds the last item's creation ticks.</summary>
internal static class ReorderingPaging
{
    public static string Key(DateTimeOffset createdAt) => createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? After(string? cursor)
    {
        if (Cursor.Decode(cursor) is not { } after)
        {
            return null;
        }
        return long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 && ticks < DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new RequestValidationException(new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not valid."] });
    }

    /// <summary>The page of <paramref name="query"/> (oldest first) after <paramref name="cursor"/>.</summary>
    public static async Task<Page<T>> PageAsync<T>(IQueryable<T> query, int? limit, string? cursor, CancellationToken cancellationToken)
        where T : class, IReorderingRecord
    {
        var take = Cursor.Limit(limit);
        if (After(cursor) is { } since)
        {
            query = query.Where(r => r.CreatedAt > since);
        }
        var rows = await query.OrderBy(r => r.CreatedAt).Take(take + 1).ToListAsync(cancellationToken);
        return KeysetPaging.Cut(rows, take, r => Key(r.CreatedAt));
    }

    /// <summary>The record with the id among the visible ones, tracked or not; 404 with <paramref name="notFound"/> otherwise.</summary>
    public static async Task<T> FindAsync<T>(IQueryable<T> visible, Guid id, bool tracking, string notFound, CancellationToken cancellationToken)
        where T : class, IReorderingRecord
    {
        var query = tracking ? visible : visible.AsNoTracking();
        return await query.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new NotFoundException(notFound);
    }

    /// <summary>Saves; a concurrent change or delete (version token) answers 409 with <paramref name="conflict"/>.</summary>
    public static async Task SaveAsync(PortalDbContext db, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(conflict);
        }
    }
}
