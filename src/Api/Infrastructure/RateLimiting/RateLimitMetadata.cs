using System.Threading.RateLimiting;

namespace Portal.Api.Infrastructure.RateLimiting;

/// <summary>What Portal's limiters tell about a partition on every lease, granted or refused: the basis of the RateLimit-* headers.</summary>
public static class RateLimitMetadata
{
    /// <summary>Permits left in the current window after this lease.</summary>
    public static readonly MetadataName<int> Remaining = MetadataName.Create<int>("PORTAL_RATELIMIT_REMAINING");

    /// <summary>Time until the current window ends.</summary>
    public static readonly MetadataName<TimeSpan> Reset = MetadataName.Create<TimeSpan>("PORTAL_RATELIMIT_RESET");

    /// <summary>Whole seconds, at least one, rounded up: a client waiting this long finds a new window.</summary>
    public static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}

/// <summary>A lease carrying <see cref="RateLimitMetadata"/> (and Retry-After when refused).</summary>
internal sealed class WindowLease(bool acquired, int remaining, TimeSpan reset) : RateLimitLease
{
    public override bool IsAcquired => acquired;

    public int Remaining => remaining;

    public TimeSpan Reset => reset;

    public override IEnumerable<string> MetadataNames =>
        acquired
            ? [RateLimitMetadata.Remaining.Name, RateLimitMetadata.Reset.Name]
            : [MetadataName.RetryAfter.Name, RateLimitMetadata.Remaining.Name, RateLimitMetadata.Reset.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (metadataName == RateLimitMetadata.Remaining.Name)
        {
            metadata = remaining;
            return true;
        }
        if (metadataName == RateLimitMetadata.Reset.Name || (!acquired && metadataName == MetadataName.RetryAfter.Name))
        {
            metadata = reset;
            return true;
        }
        metadata = null;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
    }
}

/// <summary>
/// A fixed window counted in this process: the limiter without Redis, and the fallback of
/// <see cref="RedisBudgetRateLimiter"/> while Redis is unavailable (then each instance admits up to the
/// limit on its own: fail open, per instance — docs/adr/0008-exactly-once-and-redis-outage.md).
/// </summary>
public sealed class LocalWindowRateLimiter(int limit, TimeSpan window, TimeProvider? clock = null) : RateLimiter
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _used;
    private DateTimeOffset? _idleSince;

    public override TimeSpan? IdleDuration => _idleSince is { } since ? _clock.GetUtcNow() - since : null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Take(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => ValueTask.FromResult<RateLimitLease>(Take(permitCount));

    internal WindowLease Take(int permitCount)
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            _idleSince = now;
            if (now >= _windowEnd)
            {
                _windowEnd = now + window;
                _used = 0;
            }
            var reset = _windowEnd - now;
            if (_used + permitCount > limit)
            {
                return new WindowLease(false, Math.Max(0, limit - _used), reset);
            }
            _used += permitCount;
            return new WindowLease(true, limit - _used, reset);
        }
    }
}
