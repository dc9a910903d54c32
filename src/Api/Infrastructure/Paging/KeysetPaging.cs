using System.Linq.Expressions;

namespace Portal.Api.Infrastructure.Paging;

/// <summary>
/// Keyset paging over a unique, ordered string key: the page after the cursor's key, one row more than the
/// page size read to know whether a next page exists. The one implementation behind the lists of the API.
/// </summary>
public static class KeysetPaging
{
    /// <summary>
    /// One page of <paramref name="query"/> in ascending <paramref name="key"/> order after the key in
    /// <paramref name="cursor"/>; the limit is checked (400) before the cursor, as every list did.
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<T>(
        this IQueryable<T> query, Expression<Func<T, string>> key, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor);
        if (after is not null)
        {
            query = query.Where(After(key, after));
        }
        var rows = await query.OrderBy(key).Take(take + 1).ToListAsync(cancellationToken);
        return Cut(rows, take, key.Compile());
    }

    /// <summary>The first <paramref name="take"/> rows and, when there were more, the cursor after the last one.</summary>
    public static Page<T> Cut<T>(IReadOnlyList<T> rows, int take, Func<T, string> key)
    {
        var items = rows.Take(take).ToList();
        return new Page<T>(items, rows.Count > take ? Cursor.Encode(key(items[^1])) : null);
    }

    /// <summary>The same page with every item mapped (entity to DTO); the cursor stays.</summary>
    public static Page<TOut> Map<T, TOut>(this Page<T> page, Func<T, TOut> map) =>
        new(page.Items.Select(map).ToList(), page.NextCursor);

    // x => string.Compare(key(x), after) > 0, with `after` a captured variable so that EF parameterises it.
    private static Expression<Func<T, bool>> After<T>(Expression<Func<T, string>> key, string after)
    {
        Expression<Func<string, bool>> greater = k => string.Compare(k, after) > 0;
        var body = new Substitute(greater.Parameters[0], key.Body).Visit(greater.Body);
        return Expression.Lambda<Func<T, bool>>(body, key.Parameters);
    }

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
