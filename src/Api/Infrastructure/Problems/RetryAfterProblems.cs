namespace Portal.Api.Infrastructure.Problems;

/// <summary>A problem that tells the client when to try again (the handler writes <c>Retry-After</c>).</summary>
public interface IRetryAfterProblem
{
    TimeSpan RetryAfter { get; }
}

/// <summary>503: the request could not complete now (the database dropped out); nothing was changed; retry.</summary>
public sealed class ServiceUnavailableException(string detail, TimeSpan retryAfter)
    : ProblemException(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The service is unavailable.", detail), IRetryAfterProblem
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>409: a request with the same Idempotency-Key is running; retry after its lease.</summary>
public sealed class RequestInProgressException(string detail, TimeSpan retryAfter)
    : ProblemException(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "The request conflicts with the current state.", detail), IRetryAfterProblem
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
