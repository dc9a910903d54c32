using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.Pricing;
using Portal.Api.Infrastructure.Caching;

namespace Portal.Benchmarks;

/// <summary>
/// The warm (cache-hit) path of a 50-line calculation as PriceCalculationService.LoadAsync and
/// PricedLines (resolving each line) run it, minus HTTP, JSON and Redis (the one GET of the change-log epoch per request):
/// read the profile and group counters, take the cached profile, read 3 counters per sku from the local
/// table, take 50 cached entries whose counters match, resolve 50 lines. Portal.Api lets this project
/// see its internals (InternalsVisibleTo).
/// </summary>
[MemoryDiagnoser]
public class PriceCacheBenchmarks
{
    private PriceCache _cache = null!;
    private VersionStore _versions = null!;
    private PricingCustomer _customer = null!;
    private List<CartLine> _cart = [];
    private List<string> _skus = [];

    [GlobalSetup]
    public async Task Setup()
    {
        _versions = new VersionStore(redis: null);
        _cache = new PriceCache(new MemoryCache(new MemoryCacheOptions { SizeLimit = 2_000_000 }), _versions);
        _customer = SampleData.Customer(PricingStrategies.Priority);
        _cart = SampleData.Cart(50);
        _skus = _cart.Select(l => l.Product.Sku).ToList();

        // Some counters are non-zero, as after a few condition changes.
        await _versions.BumpAsync([PriceCache.CustomerScope(_customer.Id), PriceCache.GroupScope(_customer.CustomerGroup), PriceCache.SkuScope(_skus[3])], CancellationToken.None);
        var profileVersion = _versions.Get(PriceCache.CustomerScope(_customer.Id));
        var groupVersion = _versions.Get(PriceCache.GroupScope(_customer.CustomerGroup));
        _cache.SetProfile(_customer, profileVersion);
        var current = new long[5];
        var prefixes = PriceCache.ScopePrefixes.For(_customer);
        for (var i = 0; i < _cart.Count; i++)
        {
            _cache.CurrentVersions(prefixes, _skus[i], groupVersion, profileVersion, current);
            _cache.Set(_customer.Id, _skus[i], "EUR", new PriceCache.Entry(_cart[i].Product, _cart[i].Conditions, current.ToArray()));
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
            var (price, _) = PriceResolver.Resolve(customer, entry.Product, entry.Conditions, line.Quantity, "EUR", SampleData.Date);
            if (price is not null)
            {
                total += price.LineTotal;
            }
        }
        return total;
    }

    /// <summary>PriceCalculationService.LoadAsync's hit path (all entries present and current).</summary>
    private async Task<(PricingCustomer Customer, Dictionary<string, PriceCache.Entry> Entries)> LookupAsync()
    {
        await _versions.SyncAsync(CancellationToken.None);
        var profileVersion = _versions.Get(PriceCache.CustomerScope(_customer.Id));
        if (!_cache.TryGetProfile(_customer.Id, profileVersion, out var customer))
        {
            throw new InvalidOperationException("profile miss");
        }
        var groupVersion = _versions.Get(PriceCache.GroupScope(customer.CustomerGroup));
        var entries = new Dictionary<string, PriceCache.Entry>(_skus.Count, StringComparer.Ordinal);
        var current = new long[5];
        var prefixes = PriceCache.ScopePrefixes.For(customer);
        foreach (var sku in _skus)
        {
            _cache.CurrentVersions(prefixes, sku, groupVersion, profileVersion, current);
            if (!_cache.TryGet(customer.Id, sku, "EUR", current, out var entry))
            {
                throw new InvalidOperationException("entry miss");
            }
            entries[sku] = entry;
        }
        return (customer, entries);
    }
}
