using Microsoft.Extensions.Caching.Memory;

namespace Portal.Api.Features.Pricing;

/// <summary>
/// The price cache: per (account, sku, currency) the product facts and every condition that could apply,
/// so any quantity and date resolves in memory. Entries live in this process's memory; their validity is
/// decided by version counters (<see cref="VersionStore"/>, synchronised across instances through Redis),
/// so invalidation is selective and immediate across instances:
/// <list type="bullet">
/// <item><c>sku:S</c> — list prices, general tiers and the product itself (all accounts, one sku);</item>
/// <item><c>cs:C:S</c> — account C's customer and contract prices for sku S;</item>
/// <item><c>gs:G:S</c> — group G's own tiers for sku S;</item>
/// <item><c>g:G</c> — group G's discounts (all products or one category);</item>
/// <item><c>c:C</c> — the account's pricing profile (group, currency, strategy, approvals).</item>
/// </list>
/// </summary>
public sealed class PriceCache(IMemoryCache memory, VersionStore versions)
{
    /// <summary>
    /// What an account's lines of one sku in one currency are priced from: the product facts and every
    /// candidate condition, recorded under the counters it was built at. A change makes a new entry, never
    /// a changed one (presenters may memoise per entry by reference, <see cref="PricedLines.BasisOf"/>).
    /// </summary>
    internal sealed class Entry(PricingProduct? product, PriceCondition[] conditions, long[] versions)
    {
        public PricingProduct? Product { get; } = product;

        public PriceCondition[] Conditions { get; } = conditions;

        public long[] Versions { get; } = versions;
    }

    internal sealed record ProfileEntry(PricingCustomer Customer, long Version);

    private long _hits;
    private long _misses;

    internal VersionStore Versions => versions;

    /// <summary>Entries served from memory since start (for tests and diagnostics).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Entries that had to be loaded from the database since start.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public static string SkuScope(string sku) => "sku:" + sku;

    public static string CustomerSkuScope(Guid customerId, string sku) => $"cs:{customerId:N}:{sku}";

    public static string GroupSkuScope(string group, string sku) => $"gs:{group}:{sku}";

    public static string GroupScope(string group) => "g:" + group;

    public static string CustomerScope(Guid customerId) => $"c:{customerId:N}";

    /// <summary>
    /// The current counters an entry for (customer, sku) depends on, in a fixed order: the sku, the
    /// account's own prices of it, its group's tiers of it, the group's discounts, the account's profile.
    /// The last two are the same for every sku of a calculation and passed in.
    /// </summary>
    internal void CurrentVersions(in ScopePrefixes prefixes, string sku, long groupVersion, long profileVersion, Span<long> into)
    {
        into[0] = versions.Get(prefixes.Sku.Add(sku));
        into[1] = versions.Get(prefixes.CustomerSku.Add(sku));
        into[2] = versions.Get(prefixes.GroupSku.Add(sku));
        into[3] = groupVersion;
        into[4] = profileVersion;
    }

    /// <summary>
    /// The hashes of the per-sku scopes' common beginnings for one account (<c>sku:</c>, <c>cs:C:</c>,
    /// <c>gs:G:</c>): computed once per calculation, continued with each sku.
    /// </summary>
    internal readonly record struct ScopePrefixes(ScopeHash Sku, ScopeHash CustomerSku, ScopeHash GroupSku)
    {
        public static ScopePrefixes For(PricingCustomer customer) => new(
            ScopeHash.Start.Add("sku:"),
            ScopeHash.Start.Add("cs:").Add(customer.Id).Add(":"),
            ScopeHash.Start.Add("gs:").Add(customer.CustomerGroup).Add(":"));
    }

    private readonly record struct EntryKey(Guid CustomerId, string Currency, string Sku);

    private readonly record struct ProfileKey(Guid CustomerId);

    internal bool TryGet(Guid customerId, string sku, string currency, ReadOnlySpan<long> current, out Entry entry)
    {
        if (memory.TryGetValue(new EntryKey(customerId, currency, sku), out Entry? cached) && cached is not null && current.SequenceEqual(cached.Versions))
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
        memory.Set(new EntryKey(customerId, currency, sku), entry, new MemoryCacheEntryOptions
        {
            Size = 1 + entry.Conditions.Length,
            SlidingExpiration = TimeSpan.FromMinutes(30),
        });

    internal bool TryGetProfile(Guid customerId, long currentVersion, out PricingCustomer customer)
    {
        if (memory.TryGetValue(new ProfileKey(customerId), out ProfileEntry? cached) && cached is not null && cached.Version == currentVersion)
        {
            customer = cached.Customer;
            return true;
        }
        customer = null!;
        return false;
    }

    internal void SetProfile(PricingCustomer customer, long version) =>
        memory.Set(new ProfileKey(customer.Id), new ProfileEntry(customer, version), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });

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
