using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Portal.Api.Infrastructure.RateLimiting;

/// <summary>
/// A fixed-window limit shared by every API instance through Redis, at the cost of one Redis call per
/// <see cref="Chunk"/> requests rather than per request: an instance reserves permits in chunks
/// (<c>INCRBY</c> on the partition's counter, which expires one window after its first reservation) and
/// hands them out locally until the window ends. A chunk is 1% of the limit (1 to 100 permits): permits an
/// instance reserved and did not use by the end of a window are lost for that window, so with N instances
/// up to N × chunk requests of a window may be refused early; never more than the limit is admitted.
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
                    var want = Math.Max(Chunk, permitCount);
                    RedisResult[] reply;
                    try
                    {
                        reply = (RedisResult[])(await _redis.RunAsync(db => db.ScriptEvaluateAsync(
                            ReserveScript, [_key], [want, (long)_window.TotalMilliseconds]), cancellationToken))!;
                    }
                    catch (RedisUnavailableException)
                    {
                        return _fallback.Take(permitCount);
                    }
                    var count = (long)reply[0];
                    var left = TimeSpan.FromMilliseconds((long)reply[1]);
                    var granted = (int)Math.Clamp(_limit - (count - want), 0, want);
                    lock (_lock)
                    {
                        // The window is Redis's: it ends when the counter expires.
                        _windowEnd = _clock.GetUtcNow() + left;
                        _budget = granted;
                        _counted = Math.Min(count, _limit);
                        _exhausted = granted < want;
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
