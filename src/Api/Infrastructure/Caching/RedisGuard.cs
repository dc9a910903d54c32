using StackExchange.Redis;

namespace Portal.Api.Infrastructure.Caching;

/// <summary>Timeouts and the circuit breaker of every Redis call (section <c>Redis</c>).</summary>
public sealed class RedisResilienceOptions
{
    public const string Section = "Redis";

    /// <summary>Longest wait for one Redis call before the caller falls back. Redis answers in well under a millisecond when healthy.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After a failed call, how long calls fail at once (no waiting) before one trial call is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Redis was not asked (the breaker is open) or did not answer in time; the caller falls back.</summary>
public sealed class RedisUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Every Redis call of the API goes through here: a short timeout per call and a circuit breaker. One
/// failed or slow call opens the breaker; while it is open, calls fail at once (the callers fall back:
/// see docs/adr/0008-exactly-once-and-redis-outage.md); after <see cref="RedisResilienceOptions.BreakDuration"/> one trial
/// call is let through, and its success closes the breaker. So a Redis that is down, paused or
/// unreachable costs a request at most one timeout, and an instance resumes using Redis within about a
/// second of it answering again, without a restart.
/// </summary>
public sealed class RedisGuard
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisResilienceOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger? _logger;
    private readonly Lock _lock = new();
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
    private bool _open;
    private bool _trialRunning;
    private long _outages;
    private long _rejected;

    public RedisGuard(IConnectionMultiplexer redis, RedisResilienceOptions? options = null, TimeProvider? clock = null, ILogger<RedisGuard>? logger = null)
    {
        _redis = redis;
        _options = options ?? new RedisResilienceOptions();
        _clock = clock ?? TimeProvider.System;
        _logger = logger;
    }

    /// <summary>
    /// Options of a guard built around a bare multiplexer (tests, benchmarks): the client's own 5 s timeout,
    /// so a busy machine does not turn a slow answer into a fallback. The API's guard uses the configured options.
    /// </summary>
    public static RedisResilienceOptions Unhurried => new() { OperationTimeout = TimeSpan.FromSeconds(5) };

    public IConnectionMultiplexer Multiplexer => _redis;

    /// <summary>True while the breaker is closed (the last call succeeded).</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_lock)
            {
                return !_open;
            }
        }
    }

    /// <summary>Times the breaker opened since start (for tests and diagnostics).</summary>
    public long Outages => Interlocked.Read(ref _outages);

    /// <summary>Calls refused at once because the breaker was open.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Runs one Redis call, or throws <see cref="RedisUnavailableException"/> at once or after the timeout.</summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, CancellationToken cancellationToken = default)
    {
        var trial = Enter();
        try
        {
            var result = await call(_redis.GetDatabase()).WaitAsync(_options.OperationTimeout, _clock, cancellationToken);
            Succeeded();
            return result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            Failed(ex);
            throw new RedisUnavailableException("Redis did not answer.", ex);
        }
        finally
        {
            if (trial)
            {
                lock (_lock)
                {
                    _trialRunning = false;
                }
            }
        }
    }

    /// <summary>True when the call may go ahead; whether it is the half-open trial call.</summary>
    private bool Enter()
    {
        lock (_lock)
        {
            if (!_open)
            {
                return false;
            }
            if (_trialRunning || _clock.GetUtcNow() < _openUntil)
            {
                Interlocked.Increment(ref _rejected);
                throw new RedisUnavailableException("Redis is unavailable (circuit open).");
            }
            _trialRunning = true;
            return true;
        }
    }

    private void Succeeded()
    {
        bool closed;
        lock (_lock)
        {
            closed = _open;
            _open = false;
        }
        if (closed)
        {
            _logger?.LogInformation("Redis answers again: the breaker is closed.");
        }
    }

    private void Failed(Exception ex)
    {
        bool opened;
        lock (_lock)
        {
            opened = !_open;
            _open = true;
            _openUntil = _clock.GetUtcNow() + _options.BreakDuration;
        }
        if (opened)
        {
            Interlocked.Increment(ref _outages);
            _logger?.LogWarning("Redis failed ({Error}): the breaker is open, callers fall back.", ex.GetType().Name);
        }
    }
}
