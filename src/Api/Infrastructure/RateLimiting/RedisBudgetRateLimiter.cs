using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Portal.Api.Infrastructure.RateLimiting;

/// <summary>
/// A fixed-window limit shared by every API instance through Redis, at the cost of one Redis call per
/// <see cref="Chunk"/> requests rather than per request: an instance reserves permits in chunks
/// (<c>INCRBY</c> on the partition's counter, which expires one window after its first reservation) and
/// hands them out locally until the window ends. A chunk is 1% of the limit (1 to 100 permits): permits an
/// instance reserved and did not use by the end of a window are lost for that window, so with N instances
/// up to N × 1.25 chunks of a window may be refused early (the next chunk is reserved in the background when
/// a quarter of one is left); never more than the limit is admitted.
/// <para>
/// Redis calls go through a <see cref="RedisGuard"/>: while Redis is unavailable the partition falls back
/// to a window counted by this instance alone (<see cref="LocalWindowRateLimiter"/>), so requests are
/// neither refused nor delayed for want of Redis; each instance then admits up to the limit.
/// </para>
/// <para>
/// Every lease carries <see cref="RateLimitMetadata"/>: the seconds left in the window (Redis's expiry of
/// the counter) and the permits left, estimated from the counter at the last reservation plus this
/// instance's unused budget (other instances' reservations since then are not seen).
/// </para>
/// </summary>
public sealed class RedisBudgetRateLimiter : RateLimiter
{
    /// <summary>Adds ARGV[1] to the counter (starting its window of ARGV[2] ms when new); returns {count, ms left}.</summary>
    private const string ReserveScript = """
        local c = redis.call('INCRBY', KEYS[1], ARGV[1])
        if c == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          ttl = tonumber(ARGV[2])
        end
        return {c, ttl}
        """;

    private readonly RedisGuard _redis;
    private readonly LocalWindowRateLimiter _fallback;
    private readonly string _key;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _reserving = new(1, 1);
    private readonly Lock _lock = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _budget;
    private long _counted;
    private bool _exhausted;
    private int _prefetching;
    private DateTimeOffset? _idleSince;

    public RedisBudgetRateLimiter(IConnectionMultiplexer redis, string key, int limit, TimeSpan window, TimeProvider? clock = null)
        : this(new RedisGuard(redis, RedisGuard.Unhurried, clock), key, limit, window, clock)
    {
    }

    public RedisBudgetRateLimiter(RedisGuard redis, string key, int limit, TimeSpan window, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _redis = redis;
        _fallback = new LocalWindowRateLimiter(limit, window, clock);
        _key = key;
        _limit = limit;
        _window = window;
        _clock = clock ?? TimeProvider.System;
        Chunk = Math.Clamp(limit / 100, 1, 100);
    }

    /// <summary>Permits reserved from Redis at a time.</summary>
    public int Chunk { get; }

    public override TimeSpan? IdleDuration => _idleSince is { } since ? _clock.GetUtcNow() - since : null;

    public override RateLimiterStatistics? GetStatistics() => null;

    // Without waiting for Redis only local budget can be handed out.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => TryTakeLocal(permitCount, refuseWhenEmpty: true)!;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
        _idleSince = null;
        try
        {
            while (true)
            {
                if (TryTakeLocal(permitCount) is { } decided)
                {
                    if (decided.IsAcquired)
                    {
                        PrefetchIfLow();
                    }
                    return decided;
                }
                // One reservation at a time: requests arriving meanwhile wait for its chunk.
                await _reserving.WaitAsync(cancellationToken);
                try
                {
                    if (TryTakeLocal(permitCount) is { } decidedMeanwhile)
                    {
                        return decidedMeanwhile;
                    }
                    try
                    {
                        await ReserveAsync(Math.Max(Chunk, permitCount), cancellationToken);
                    }
                    catch (RedisUnavailableException)
                    {
                        return _fallback.Take(permitCount);
                    }
                }
                finally
                {
                    _reserving.Release();
                }
            }
        }
        finally
        {
            _idleSince = _clock.GetUtcNow();
        }
    }

    /// <summary>
    /// Reserves the next chunk in the background when a quarter of a chunk or less is left, so that requests
    /// rarely wait for Redis (all of them used to, every <see cref="Chunk"/> requests, while one reserved).
    /// Only for chunks of 8 and more: small limits reserve exactly as before.
    /// </summary>
    private void PrefetchIfLow()
    {
        if (Chunk < 8 || Volatile.Read(ref _budget) > Chunk / 4 || Volatile.Read(ref _exhausted)
            || Interlocked.CompareExchange(ref _prefetching, 1, 0) != 0)
        {
            return;
        }
        _ = PrefetchAsync();
    }

    private async Task PrefetchAsync()
    {
        try
        {
            if (!await _reserving.WaitAsync(0))
            {
                return; // a request is reserving in the foreground
            }
            try
            {
                await ReserveAsync(Chunk, CancellationToken.None);
            }
            finally
            {
                _reserving.Release();
            }
        }
        catch (Exception)
        {
            // Redis unavailable or slow: the request that finds no budget left reserves (or falls back) itself.
        }
        finally
        {
            Volatile.Write(ref _prefetching, 0);
        }
    }

    /// <summary>Adds <paramref name="want"/> permits to the counter in Redis and the granted ones to the local budget.</summary>
    private async Task ReserveAsync(int want, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await _redis.RunAsync(db => db.ScriptEvaluateAsync(
            ReserveScript, [_key], [want, (long)_window.TotalMilliseconds]), cancellationToken))!;
        var count = (long)reply[0];
        var left = TimeSpan.FromMilliseconds((long)reply[1]);
        var granted = (int)Math.Clamp(_limit - (count - want), 0, want);
        lock (_lock)
        {
            Roll();
            // The window is Redis's: it ends when the counter expires. Budget left from an earlier window
            // (a prefetch that found the counter new) is not carried into this one.
            var end = _clock.GetUtcNow() + left;
            var newWindow = count == want || end - _windowEnd > TimeSpan.FromMilliseconds(Math.Max(50, _window.TotalMilliseconds / 100));
            _windowEnd = end;
            _budget = newWindow ? granted : _budget + granted;
            _counted = Math.Min(count, _limit);
            _exhausted = granted < want;
        }
    }

    /// <summary>
    /// A lease when local state decides (budget left, or the window's limit reached); otherwise a refusal
    /// when <paramref name="refuseWhenEmpty"/>, else null: reserve from Redis.
    /// </summary>
    private WindowLease? TryTakeLocal(int permitCount, bool refuseWhenEmpty = false)
    {
        lock (_lock)
        {
            Roll();
            if (_budget >= permitCount)
            {
                _budget -= permitCount;
                return new WindowLease(true, Remaining(), RetryAfter());
            }
            return _exhausted || refuseWhenEmpty ? new WindowLease(false, Remaining(), RetryAfter()) : null;
        }
    }

    /// <summary>Drops the local state of a window that has ended.</summary>
    private void Roll()
    {
        if (_clock.GetUtcNow() >= _windowEnd)
        {
            _budget = 0;
            _counted = 0;
            _exhausted = false;
        }
    }

    private int Remaining() => (int)Math.Max(0, _limit - _counted + _budget);

    private TimeSpan RetryAfter()
    {
        var left = _windowEnd - _clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : _window;
    }
}
