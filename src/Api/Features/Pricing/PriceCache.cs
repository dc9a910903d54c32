using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Portal.Api.Features.Pricing;

/// <summary>
/// Version counters of invalidation scopes ("everything about sku S", "account C's prices for sku S", "group
/// G's discounts", ...). A change bumps the counters of the scopes it can affect; a cached entry records
/// the counters it was built under and is used only while they are unchanged. With Redis the counters
/// are shared, so a change acknowledged by one instance is seen by every instance's next read.
/// </summary>
public interface IPriceVersionStore
{
    Task<long[]> GetAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken);

    Task BumpAsync(IReadOnlyCollection<string> scopes, CancellationToken cancellationToken);
}

/// <summary>Counters in this process (no Redis configured: one instance).</summary>
public sealed class InProcessPriceVersionStore : IPriceVersionStore
{
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);

    public Task<long[]> GetAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var result = new long[scopes.Count];
        for (var i = 0; i < scopes.Count; i++)
        {
            result[i] = _versions.TryGetValue(scopes[i], out var v) ? v : 0;
        }
        return Task.FromResult(result);
    }

    public Task BumpAsync(IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        foreach (var scope in scopes)
        {
            _versions.AddOrUpdate(scope, 1, (_, v) => v + 1);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Counters in Redis: one MGET per calculation, one pipelined INCR batch per change.</summary>
public sealed class RedisPriceVersionStore(IConnectionMultiplexer redis) : IPriceVersionStore
{
    private const string Prefix = "portal:pv:";

    public async Task<long[]> GetAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[scopes.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Prefix + scopes[i];
        }
        var values = await redis.GetDatabase().StringGetAsync(keys);
        var result = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i].HasValue ? (long)values[i] : 0;
        }
        return result;
    }

    public async Task BumpAsync(IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        foreach (var chunk in scopes.Chunk(1000))
        {
            var batch = db.CreateBatch();
            var tasks = chunk.Select(scope => batch.StringIncrementAsync(Prefix + scope)).ToArray();
            batch.Execute();
            await Task.WhenAll(tasks);
        }
    }
}

/// <summary>
/// The price cache: per (account, sku, currency) the product facts and every condition that could apply,
/// so any quantity and date resolves in memory. Entries live in this process's memory; their validity is
/// decided by the shared version counters (<see cref="IPriceVersionStore"/>), so invalidation is selective
/// and immediate across instances:
/// <list type="bullet">
/// <item><c>sku:S</c> — list prices, general tiers and the product itself (all accounts, one sku);</item>
/// <item><c>cs:C:S</c> — account C's customer and contract prices for sku S;</item>
/// <item><c>gs:G:S</c> — group G's own tiers for sku S;</item>
/// <item><c>g:G</c> — group G's discounts (all products or one category);</item>
/// <item><c>c:C</c> — the account's pricing profile (group, currency, strategy, approvals).</item>
/// </list>
/// </summary>
public sealed class PriceCache(IMemoryCache memory, IPriceVersionStore versions)
{
    internal sealed record Entry(PricingProduct? Product, PriceCondition[] Conditions, long[] Versions);

    internal sealed record ProfileEntry(PricingCustomer Customer, long Version);

    private long _hits;
    private long _misses;

    internal IPriceVersionStore Versions => versions;

    /// <summary>Entries served from memory since start (for tests and diagnostics).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Entries that had to be loaded from the database since start.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public static string SkuScope(string sku) => "sku:" + sku;

    public static string CustomerSkuScope(Guid customerId, string sku) => $"cs:{customerId:N}:{sku}";

    public static string GroupSkuScope(string group, string sku) => $"gs:{group}:{sku}";

    public static string GroupScope(string group) => "g:" + group;

    public static string CustomerScope(Guid customerId) => $"c:{customerId:N}";

    /// <summary>The scopes an entry for (customer, sku) depends on, in a fixed order.</summary>
    internal static string[] ScopesOf(PricingCustomer customer, string sku) =>
        [SkuScope(sku), CustomerSkuScope(customer.Id, sku), GroupSkuScope(customer.CustomerGroup, sku), GroupScope(customer.CustomerGroup), CustomerScope(customer.Id)];

    /// <summary>The scopes of several skus, five per sku in sku order (as <see cref="ScopesOf(PricingCustomer, string)"/>).</summary>
    internal static List<string> ScopesOf(PricingCustomer customer, IEnumerable<string> skus)
    {
        var scopes = new List<string>();
        foreach (var sku in skus)
        {
            scopes.AddRange(ScopesOf(customer, sku));
        }
        return scopes;
    }

    internal static string EntryKey(Guid customerId, string sku, string currency) => $"price:{customerId:N}:{currency}:{sku}";

    internal static string ProfileKey(Guid customerId) => $"profile:{customerId:N}";

    internal bool TryGet(Guid customerId, string sku, string currency, ReadOnlySpan<long> current, out Entry entry)
    {
        if (memory.TryGetValue(EntryKey(customerId, sku, currency), out Entry? cached) && cached is not null && current.SequenceEqual(cached.Versions))
        {
            Interlocked.Increment(ref _hits);
            entry = cached;
            return true;
        }
        Interlocked.Increment(ref _misses);
        entry = null!;
        return false;
    }

    internal void Set(Guid customerId, string sku, string currency, Entry entry) =>
        memory.Set(EntryKey(customerId, sku, currency), entry, new MemoryCacheEntryOptions
        {
            Size = 1 + entry.Conditions.Length,
            SlidingExpiration = TimeSpan.FromMinutes(30),
        });

    /// <summary>The cached profile whatever its version (to name the scopes of an optimistic single read).</summary>
    internal PricingCustomer? PeekProfile(Guid customerId) =>
        memory.TryGetValue(ProfileKey(customerId), out ProfileEntry? cached) ? cached?.Customer : null;

    internal bool TryGetProfile(Guid customerId, long currentVersion, out PricingCustomer customer)
    {
        if (memory.TryGetValue(ProfileKey(customerId), out ProfileEntry? cached) && cached is not null && cached.Version == currentVersion)
        {
            customer = cached.Customer;
            return true;
        }
        customer = null!;
        return false;
    }

    internal void SetProfile(PricingCustomer customer, long version) =>
        memory.Set(ProfileKey(customer.Id), new ProfileEntry(customer, version), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });

    /// <summary>Drops the account's cached prices (its group, currency, strategy or approvals changed).</summary>
    public Task InvalidateCustomerAsync(Guid customerId, CancellationToken cancellationToken) =>
        versions.BumpAsync([CustomerScope(customerId)], cancellationToken);

    /// <summary>Drops every account's cached prices of these skus (catalog changes).</summary>
    public Task InvalidateSkusAsync(IEnumerable<string> skus, CancellationToken cancellationToken) =>
        versions.BumpAsync(skus.Select(SkuScope).Distinct().ToList(), cancellationToken);

    /// <summary>The scopes a condition (before or after a change) can affect.</summary>
    public static IEnumerable<string> ScopesAffectedBy(PriceCondition condition) => condition.Kind switch
    {
        ConditionKinds.Customer or ConditionKinds.Contract when condition.CustomerId is { } c && condition.Sku is { } s => [CustomerSkuScope(c, s)],
        ConditionKinds.Tier when condition.CustomerGroup is { } g && condition.Sku is { } s => [GroupSkuScope(g, s)],
        ConditionKinds.Tier or ConditionKinds.List when condition.Sku is { } s => [SkuScope(s)],
        ConditionKinds.Group when condition.CustomerGroup is { } g => [GroupScope(g)],
        _ => [],
    };
}
