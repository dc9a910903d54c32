namespace Portal.Api.Features.Approvals;

/// <summary>
/// What the placement gate reads that placing orders does not change — the account's budgets and approval
/// rules, org-unit paths, a requester's roles and spending limit, products' approval facts — read once for
/// all the orders of one import (one transaction) instead of once per order. Budget positions, locks and
/// charges are never memoized: each order still sees the charges of those placed before it.
/// </summary>
public sealed class PlacementLookups
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    /// <summary>Product facts the routing reads, by sku.</summary>
    internal Dictionary<string, ProductFacts> Products { get; } = new(StringComparer.Ordinal);

    internal sealed record ProductFacts(string Category, bool Regulated, bool RequiresApproval);

    /// <summary>The value under <paramref name="key"/>, loaded on first use.</summary>
    public async Task<T> GetAsync<T>(string key, Func<Task<T>> load)
    {
        if (_values.TryGetValue(key, out var value))
        {
            return (T)value!;
        }
        var loaded = await load();
        _values[key] = loaded;
        return loaded;
    }

    /// <summary>Memoizes <paramref name="load"/> when there are lookups, or just runs it.</summary>
    public static Task<T> Memo<T>(PlacementLookups? lookups, string key, Func<Task<T>> load) => lookups is null ? load() : lookups.GetAsync(key, load);
}
