using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Portal.Client.Http;

/// <summary>
/// Retries requests that failed for a passing reason: 429, 502, 503 and 504 answers and network
/// failures (<see cref="HttpRequestException"/>). Changing requests carry an <c>Idempotency-Key</c>
/// generated once per call, so the API answers a repeat with the first result instead of acting twice. The delay is the answer's <c>Retry-After</c> when it
/// has one, otherwise exponential backoff with jitter. Requests whose body cannot be buffered are sent once.
/// </summary>
internal sealed class PortalRetryHandler : DelegatingHandler
{
    private static readonly Random Jitter = new();

    private readonly int _maxRetries;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _maxRetryAfter;
    private readonly ILogger _logger;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly Func<DateTimeOffset> _clock;

    public PortalRetryHandler(PortalClientOptions options, Func<TimeSpan, CancellationToken, Task>? delay = null, Func<DateTimeOffset>? clock = null, ILoggerFactory? loggerFactory = null)
    {
        _maxRetryAfter = options.MaxRetryAfter;
        _logger = (loggerFactory ?? options.LoggerFactory)?.CreateLogger("Portal.Client") ?? NullLogger.Instance;
        _maxRetries = options.MaxRetries;
        _baseDelay = options.RetryBaseDelay;
        _maxDelay = options.MaxRetryDelay;
        _delay = delay ?? Task.Delay;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>The header that makes a changing request safe to retry (the API honours it on every such request).</summary>
    internal const string IdempotencyKeyHeader = "Idempotency-Key";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // One key per logical call, created before the first attempt: a retry after a lost answer can
        // never place an order (or apply any other change) twice.
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && !request.Headers.Contains(IdempotencyKeyHeader))
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, Guid.NewGuid().ToString("N"));
        }
        var retryable = _maxRetries > 0 && await RequestContent.TryMakeReplayableAsync(request).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var mayRetry = retryable && attempt < _maxRetries;
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (mayRetry && !cancellationToken.IsCancellationRequested)
            {
                var backoff = Backoff(attempt);
                _logger.LogWarning(exception, "Portal API {Method} {Path} failed ({Error}); retry {Attempt} of {MaxRetries} in {DelayMs} ms",
                    request.Method, request.RequestUri?.AbsolutePath, exception.Message, attempt + 1, _maxRetries, (long)backoff.TotalMilliseconds);
                await _delay(backoff, cancellationToken).ConfigureAwait(false);
                continue;
            }

            _logger.LogDebug("Portal API {Method} {Path} answered {Status}", request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode);
            if (!mayRetry || !IsTransient(response.StatusCode))
            {
                return response;
            }
            var retryAfter = RetryAfter(response);
            if (retryAfter > _maxRetryAfter)
            {
                // The server asks for a longer pause than the caller allows: let the caller decide
                // (PortalApiException.RetryAfter says how long).
                _logger.LogWarning("Portal API {Method} {Path} answered {Status} with Retry-After {RetryAfterSeconds} s, longer than MaxRetryAfter; not retried",
                    request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, (long)retryAfter.Value.TotalSeconds);
                return response;
            }
            var delay = retryAfter ?? Backoff(attempt);
            _logger.LogWarning("Portal API {Method} {Path} answered {Status}; retry {Attempt} of {MaxRetries} in {DelayMs} ms{Reason}",
                request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, attempt + 1, _maxRetries, (long)delay.TotalMilliseconds,
                retryAfter is null ? string.Empty : " (Retry-After)");
            response.Dispose();
            await _delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsTransient(HttpStatusCode status) =>
        (int)status is 429 or 502 or 503 or 504;

    /// <summary>Exponential backoff with "equal jitter": half the step fixed, half random.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var step = _baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        step = Math.Min(step, _maxDelay.TotalMilliseconds);
        double random;
        lock (Jitter)
        {
            random = Jitter.NextDouble();
        }
        return TimeSpan.FromMilliseconds((step / 2) + (random * step / 2));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (retryAfter?.Date is DateTimeOffset date)
        {
            var wait = date - _clock();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
