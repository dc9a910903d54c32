using System.Diagnostics;

namespace Portal.Client.Http;

/// <summary>
/// One call of an operation: its trace span (<see cref="PortalDiagnostics.ActivitySource"/>) and its time limit
/// (<see cref="PortalRequestOptions.Timeout"/>). Created by every generated operation.
/// </summary>
internal sealed class PortalCall : IDisposable
{
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource? _timeout;
    private readonly TimeSpan _limit;
    private readonly Activity? _activity;

    private PortalCall(string operation, PortalRequestOptions? options, CancellationToken cancellationToken)
    {
        _callerToken = cancellationToken;
        if (options?.Timeout is { } limit && limit > TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            _limit = limit;
            _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _timeout.CancelAfter(limit);
        }
        _activity = PortalDiagnostics.ActivitySource.StartActivity(operation, ActivityKind.Client);
        _activity?.SetTag("portal.operation", operation);
        if (options?.CustomerId is { Length: > 0 } customer)
        {
            _activity?.SetTag("portal.customer", customer);
        }
    }

    public CancellationToken CancellationToken => _timeout?.Token ?? _callerToken;

    /// <summary>True when the call was cancelled by its own time limit, not by the caller.</summary>
    public bool TimedOut => _timeout is { IsCancellationRequested: true } && !_callerToken.IsCancellationRequested;

    public static PortalCall Start(string operation, PortalRequestOptions? options, CancellationToken cancellationToken) =>
        new(operation, options, cancellationToken);

    public void Answered(int status)
    {
        _activity?.SetTag("http.response.status_code", status);
        if (status >= 400)
        {
            _activity?.SetStatus(ActivityStatusCode.Error);
        }
    }

    public void Failed(Exception exception)
    {
        _activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        _activity?.SetTag("error.type", exception.GetType().FullName);
    }

    public TimeoutException CreateTimeoutException(Exception inner)
    {
        Failed(inner);
        return new TimeoutException($"The call did not complete within its timeout of {_limit.TotalSeconds:0.###} s (PortalRequestOptions.Timeout).", inner);
    }

    public void Dispose()
    {
        _activity?.Dispose();
        _timeout?.Dispose();
    }
}

