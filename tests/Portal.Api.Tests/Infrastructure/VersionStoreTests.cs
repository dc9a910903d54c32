using Portal.Api.Infrastructure.Caching;
using StackExchange.Redis;

namespace Portal.Api.Tests.Infrastructure;

/// <summary>
/// The change log that keeps the version counters of several instances in step, against a real Redis:
/// two stores stand for two API instances.
/// </summary>
public sealed class VersionStoreTests : RealRedisTests
{
    [Fact]
    public async Task A_bump_on_one_instance_is_seen_by_the_other_after_its_next_sync_and_only_for_that_scope()
    {
        var first = new VersionStore(Redis);
        var second = new VersionStore(Redis);
        await first.SyncAsync(default);
        await second.SyncAsync(default);
        var before = (A: second.Get("sku:A"), B: second.Get("sku:B"));

        await first.BumpAsync(["sku:A"], default);

        Assert.NotEqual(before.A, first.Get("sku:A")); // the bumping instance applies its own change at once
        Assert.Equal(before.A, second.Get("sku:A")); // the other one only when it syncs...
        await second.SyncAsync(default);
        Assert.NotEqual(before.A, second.Get("sku:A")); // ...which every request does before reading
        Assert.Equal(before.B, second.Get("sku:B"));
        Assert.Equal(1, second.LogReads);

        // Nothing changed: a sync is one GET and reads no log.
        await second.SyncAsync(default);
        Assert.Equal(1, second.LogReads);
    }

    [Fact]
    public async Task Concurrent_bumps_from_two_instances_all_arrive()
    {
        var first = new VersionStore(Redis);
        var second = new VersionStore(Redis);
        var observer = new VersionStore(Redis);
        await observer.SyncAsync(default);
        var skus = Enumerable.Range(0, 40).Select(i => $"sku:C{i}").ToList();
        var before = skus.Select(observer.Get).ToList();

        // Bumps and syncs interleave on the same instances, too.
        await Task.WhenAll(skus.Select(async (sku, i) =>
        {
            var store = i % 2 == 0 ? first : second;
            await store.BumpAsync([sku], default);
            await store.SyncAsync(default);
        }));
        await observer.SyncAsync(default);

        Assert.All(skus.Select((sku, i) => (Before: before[i], After: observer.Get(sku))), pair => Assert.NotEqual(pair.Before, pair.After));
        // A catch-up that another one overtook is not mistaken for Redis losing its data: nothing was reset.
        Assert.Equal(0, first.Resets + second.Resets + observer.Resets);
        Assert.Equal(observer.Get("sku:never-bumped"), first.Get("sku:never-bumped"));
    }

    [Fact]
    public async Task An_instance_behind_the_trimmed_log_drops_everything_instead_of_guessing()
    {
        var writer = new VersionStore(Redis, logLength: 3);
        var reader = new VersionStore(Redis, logLength: 3);
        await reader.SyncAsync(default);
        var untouched = reader.Get("sku:untouched");

        for (var i = 0; i < 5; i++)
        {
            await writer.BumpAsync([$"sku:T{i}"], default);
        }
        await reader.SyncAsync(default);

        // Two of the five entries are gone from the log: every counter moves (a new generation).
        Assert.Equal(1, reader.Resets);
        Assert.NotEqual(untouched, reader.Get("sku:untouched"));
    }

    [Fact]
    public async Task An_epoch_that_goes_back_meansRedis_lost_its_data_and_everything_is_dropped()
    {
        var store = new VersionStore(Redis);
        await store.BumpAsync(["sku:X"], default);
        var before = store.Get("sku:Y");

        var db = Redis.GetDatabase();
        await db.KeyDeleteAsync(["portal:pv:epoch", "portal:pv:log"]);
        await store.SyncAsync(default);

        Assert.Equal(1, store.Resets);
        Assert.NotEqual(before, store.Get("sku:Y"));
    }

    [Fact]
    public async Task WithoutRedis_bumps_apply_in_process()
    {
        var store = new VersionStore(redis: null);
        var before = store.Get("c:1");
        await store.BumpAsync(["c:1"], default);
        await store.SyncAsync(default);
        Assert.Equal(before + 1, store.Get("c:1"));
    }
}

/// <summary>Concurrent syncs share their Redis reads, and never at the price of missing an acknowledged bump.</summary>
public sealed class VersionStoreSharedReadTests : RealRedisTests
{
    [Fact]
    public async Task Concurrent_syncs_share_reads()
    {
        var store = new VersionStore(Redis);
        await store.SyncAsync(default);
        var before = store.EpochReads;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () => await store.SyncAsync(default))));

        Assert.InRange(store.EpochReads - before, 1, 199);
    }

    [Fact]
    public async Task A_sync_started_after_a_bump_was_acknowledged_always_sees_it_even_when_reads_are_shared()
    {
        var writer = new VersionStore(Redis);
        var reader = new VersionStore(Redis);
        await reader.SyncAsync(default);
        using var stop = new CancellationTokenSource();
        // Background readers keep a shared read in flight almost all the time.
        var noise = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await reader.SyncAsync(default);
            }
        })).ToList();

        for (var i = 0; i < 200; i++)
        {
            var scope = $"sku:R{i}";
            var seen = reader.Get(scope);
            await writer.BumpAsync([scope], default); // acknowledged
            await reader.SyncAsync(default);
            Assert.NotEqual(seen, reader.Get(scope));
        }

        await stop.CancelAsync();
        await Task.WhenAll(noise);
    }
}

/// <summary>Reads hash scopes piece by piece; bumps hash the scope strings: both must land on the same counter.</summary>
public class ScopeHashTests
{
    [Fact]
    public void Piecewise_hashes_of_the_price_scopes_equal_the_hashes_of_their_strings()
    {
        var customer = new Portal.Api.Features.Pricing.PricingCustomer(Guid.NewGuid(), "GRP-7", "EUR", "priority", null);
        var prefixes = Portal.Api.Features.Pricing.PriceCache.ScopePrefixes.For(customer);
        foreach (var sku in new[] { "PX-1", "BENCH-000001", "ä ü/ß", "" })
        {
            Assert.Equal(ScopeHash.Of(Portal.Api.Features.Pricing.PriceCache.SkuScope(sku)), prefixes.Sku.Add(sku));
            Assert.Equal(ScopeHash.Of(Portal.Api.Features.Pricing.PriceCache.CustomerSkuScope(customer.Id, sku)), prefixes.CustomerSku.Add(sku));
            Assert.Equal(ScopeHash.Of(Portal.Api.Features.Pricing.PriceCache.GroupSkuScope(customer.CustomerGroup, sku)), prefixes.GroupSku.Add(sku));
        }
    }
}
