using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.Pricing;

namespace Portal.Benchmarks;

/// <summary>
/// The warm (cache-hit) path of a 50-line calculation as PriceCalculationService.LoadAsync and
/// CalculateAsync run it, minus HTTP, JSON and Redis: read the profile counter, take the cached profile,
/// name 5 scopes per sku, read 250 counters (in-process store), take 50 cached entries whose counters
/// match, resolve 50 lines. PriceCache's entry API is internal to Portal.Api, so it is called through
/// .NET 10 UnsafeAccessor methods (no change to src/): if those members are renamed, the setup fails
/// with MissingMethodException and this class has to follow.
/// </summary>
[MemoryDiagnoser]
public class PriceCacheBenchmarks
{
    private const string EntryType = "Portal.Api.Features.Pricing.PriceCache+Entry, Portal.Api";
    private const string EntryByRef = "Portal.Api.Features.Pricing.PriceCache+Entry&, Portal.Api";

    private PriceCache _cache = null!;
    private InProcessPriceVersionStore _versions = null!;
    private PricingCustomer _customer = null!;
    private List<CartLine> _cart = [];
    private List<string> _skus = [];

    [GlobalSetup]
    public async Task Setup()
    {
        _versions = new InProcessPriceVersionStore();
        _cache = new PriceCache(new MemoryCache(new MemoryCacheOptions { SizeLimit = 2_000_000 }), _versions);
        _customer = SampleData.Customer(PricingStrategies.Priority);
        _cart = SampleData.Cart(50);
        _skus = _cart.Select(l => l.Product.Sku).ToList();

        // Some counters are non-zero, as after a few condition changes.
        await _versions.BumpAsync([PriceCache.CustomerScope(_customer.Id), PriceCache.GroupScope(_customer.CustomerGroup), PriceCache.SkuScope(_skus[3])], CancellationToken.None);
        var profileVersion = (await _versions.GetAsync([PriceCache.CustomerScope(_customer.Id)], CancellationToken.None))[0];
        Internals.SetProfile(_cache, _customer, profileVersion);
        var scopes = _skus.SelectMany(s => Internals.ScopesOf(null, _customer, s)).ToList();
        var current = await _versions.GetAsync(scopes, CancellationToken.None);
        for (var i = 0; i < _cart.Count; i++)
        {
            Internals.Set(_cache, _customer.Id, _skus[i], "EUR", Internals.NewEntry(_cart[i].Product, _cart[i].Conditions, current.AsSpan(i * 5, 5).ToArray()));
        }
        if (await WarmCalculation50() <= 0 || _cache.Misses != 0)
        {
            throw new InvalidOperationException($"The warm path did not hit the cache (misses: {_cache.Misses}).");
        }
    }

    [Benchmark(Description = "Cache lookups only, 50 lines (counters + entries)")]
    public async Task<int> WarmLookup50()
    {
        var (_, entries) = await LookupAsync();
        return entries.Count;
    }

    [Benchmark(Description = "Warm 50-line calculation (lookups + resolve)")]
    public async Task<decimal> WarmCalculation50()
    {
        var (customer, entries) = await LookupAsync();
        decimal total = 0;
        foreach (var line in _cart)
        {
            var entry = entries[line.Product.Sku];
            var (price, _) = PriceResolver.Resolve(customer, Internals.Product(entry), Internals.Conditions(entry), line.Quantity, "EUR", SampleData.Date);
            if (price is not null)
            {
                total += price.LineTotal;
            }
        }
        return total;
    }

    /// <summary>PriceCalculationService.LoadAsync's hit path (all entries present and current).</summary>
    private async Task<(PricingCustomer Customer, Dictionary<string, object> Entries)> LookupAsync()
    {
        var profileVersion = (await _versions.GetAsync([PriceCache.CustomerScope(_customer.Id)], CancellationToken.None))[0];
        if (!Internals.TryGetProfile(_cache, _customer.Id, profileVersion, out var customer))
        {
            throw new InvalidOperationException("profile miss");
        }
        var scopes = new List<string>(_skus.Count * 5);
        foreach (var sku in _skus)
        {
            scopes.AddRange(Internals.ScopesOf(null, customer, sku));
        }
        var current = await _versions.GetAsync(scopes, CancellationToken.None);
        var entries = new Dictionary<string, object>(_skus.Count, StringComparer.Ordinal);
        for (var i = 0; i < _skus.Count; i++)
        {
            if (!Internals.TryGet(_cache, customer.Id, _skus[i], "EUR", current.AsSpan(i * 5, 5), out var entry))
            {
                throw new InvalidOperationException("entry miss");
            }
            entries[_skus[i]] = entry;
        }
        return (customer, entries);
    }

    /// <summary>Accessors for PriceCache's internal members (UnsafeAccessor, .NET 8+; UnsafeAccessorType, .NET 10+).</summary>
    private static class Internals
    {
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "TryGet")]
        public static extern bool TryGet(PriceCache cache, Guid customerId, string sku, string currency, ReadOnlySpan<long> current,
            [UnsafeAccessorType(EntryByRef)] out object entry);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Set")]
        public static extern void Set(PriceCache cache, Guid customerId, string sku, string currency, [UnsafeAccessorType(EntryType)] object entry);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "TryGetProfile")]
        public static extern bool TryGetProfile(PriceCache cache, Guid customerId, long currentVersion, out PricingCustomer customer);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "SetProfile")]
        public static extern void SetProfile(PriceCache cache, PricingCustomer customer, long version);

        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "ScopesOf")]
        public static extern string[] ScopesOf(PriceCache? type, PricingCustomer customer, string sku);

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        [return: UnsafeAccessorType(EntryType)]
        public static extern object NewEntry(PricingProduct? product, PriceCondition[] conditions, long[] versions);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Product")]
        public static extern PricingProduct? Product([UnsafeAccessorType(EntryType)] object entry);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Conditions")]
        public static extern PriceCondition[] Conditions([UnsafeAccessorType(EntryType)] object entry);
    }
}
