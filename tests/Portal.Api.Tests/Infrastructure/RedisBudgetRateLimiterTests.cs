using System.Threading.RateLimiting;
using Portal.Api.Infrastructure.RateLimiting;
using StackExchange.Redis;

namespace Portal.Api.Tests.Infrastructure;

/// <summary>The chunked Redis limiter against a real Redis: two limiters stand for two API instances.</summary>
public sealed class RedisBudgetRateLimiterTests : RealRedisTests
{
    [Fact]
    public async Task Two_instances_never_admit_more_than_the_limit_and_reserve_in_chunks()
    {
        var key = "portal:rl:test:" + Guid.NewGuid().ToString("N");
        using var first = new RedisBudgetRateLimiter(Redis, key, 1000, TimeSpan.FromMinutes(1));
        using var second = new RedisBudgetRateLimiter(Redis, key, 1000, TimeSpan.FromMinutes(1));
        Assert.Equal(10, first.Chunk);

        var leases = await Task.WhenAll(Enumerable.Range(0, 1200).Select(async i =>
        {
            using var lease = await (i % 3 == 0 ? second : first).AcquireAsync(1);
            return lease.IsAcquired;
        }));

        var admitted = leases.Count(acquired => acquired);
        Assert.InRange(admitted, 1000 - 2 * first.Chunk, 1000);
        // Redis counted chunk reservations, not requests: about a hundred calls for a thousand permits.
        var reserved = (long)await Redis.GetDatabase().StringGetAsync(key);
        Assert.InRange(reserved, 1000, 1000 + 2 * first.Chunk);
    }

    [Fact]
    public async Task A_small_limit_is_exact_and_the_refusal_says_when_to_retry()
    {
        var key = "portal:rl:test:" + Guid.NewGuid().ToString("N");
        using var first = new RedisBudgetRateLimiter(Redis, key, 3, TimeSpan.FromMinutes(1));
        using var second = new RedisBudgetRateLimiter(Redis, key, 3, TimeSpan.FromMinutes(1));

        Assert.True((await first.AcquireAsync(1)).IsAcquired);
        Assert.True((await second.AcquireAsync(1)).IsAcquired);
        Assert.True((await first.AcquireAsync(1)).IsAcquired);
        using var refused = await second.AcquireAsync(1);

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl); // the window's counter expires: no key lives forever
    }

    [Fact]
    public async Task A_new_window_starts_when_the_counter_expires()
    {
        var key = "portal:rl:test:" + Guid.NewGuid().ToString("N");
        using var limiter = new RedisBudgetRateLimiter(Redis, key, 2, TimeSpan.FromMilliseconds(300));
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
        Assert.False((await limiter.AcquireAsync(1)).IsAcquired);

        await Task.Delay(400);

        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
    }

    [Fact]
    public async Task The_next_chunk_is_reserved_in_the_background_before_the_budget_runs_out()
    {
        var key = "portal:rl:test:" + Guid.NewGuid().ToString("N");
        using var limiter = new RedisBudgetRateLimiter(Redis, key, 10_000, TimeSpan.FromMinutes(1));
        Assert.Equal(100, limiter.Chunk);
        var db = Redis.GetDatabase();

        for (var i = 0; i < 74; i++)
        {
            Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
        }
        Assert.Equal(100, (long)await db.StringGetAsync(key)); // 26 left: no second chunk yet

        Assert.True((await limiter.AcquireAsync(1)).IsAcquired); // 25 left: a quarter of a chunk
        var reserved = 0L;
        for (var wait = 0; wait < 50 && reserved < 200; wait++)
        {
            await Task.Delay(20);
            reserved = (long)await db.StringGetAsync(key);
        }
        Assert.Equal(200, reserved);

        // The prefetched chunk adds to what was left: 125 more permits without another reservation.
        for (var i = 0; i < 125; i++)
        {
            Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
        }
        Assert.InRange((long)await db.StringGetAsync(key), 200, 300);
    }
}
