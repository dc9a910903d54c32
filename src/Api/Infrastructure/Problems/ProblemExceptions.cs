namespace Portal.Api.Infrastructure.Problems;

/// <summary>
/// An error that the caller caused and can act on. Services throw these; <see cref="ProblemExceptionHandler"/>
/// turns them into problem documents, so controllers stay free of error mapping.
/// </summary>
public abstract class ProblemException(int status, string type, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}

public sealed class NotFoundException(string detail)
    : ProblemException(404, ProblemTypes.NotFound, "The resource was not found.", detail);

public sealed class BadRequestException(string detail)
    : ProblemException(400, ProblemTypes.BadRequest, "The request is not valid.", detail);

public sealed class ForbiddenException(string detail)
    : ProblemException(403, ProblemTypes.Forbidden, "The caller may not do this.", detail);

public sealed class UnauthorizedException(string detail)
    : ProblemException(401, ProblemTypes.Unauthorized, "Authentication is required.", detail);

public sealed class ConflictException(string detail)
    : ProblemException(409, ProblemTypes.Conflict, "The request conflicts with the current state.", detail);

public sealed class PreconditionFailedException(string detail)
    : ProblemException(412, ProblemTypes.PreconditionFailed, "The resource has changed.", detail);

public sealed class BusinessRuleException(string detail)
    : ProblemException(422, ProblemTypes.BusinessRule, "The request breaks a business rule.", detail);

/// <summary>Field-level validation errors, keyed by the JSON path of the field (<c>products[3].gtin</c>).</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors, string detail = "One or more fields are not valid.")
    : ProblemException(400, ProblemTypes.Validation, "One or more validation errors occurred.", detail)
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>A request (or a part of it: a CSV line, a number of rows) larger than its limit; the detail names the limit.</summary>
public sealed class PayloadTooLargeException(string detail)
    : ProblemException(413, ProblemTypes.PayloadTooLarge, "The request body is too large.", detail);

/// <summary>A body in a media type or charset the endpoint cannot read; the detail says what it takes.</summary>
public sealed class UnsupportedMediaTypeException(string detail)
    : ProblemException(415, ProblemTypes.UnsupportedMediaType, "The request's media type is not supported.", detail);

/// <summary>More concurrent work of one kind than a caller may run (not the per-minute rate limit).</summary>
public sealed class TooManyConcurrentRequestsException(string detail, int retryAfterSeconds)
    : ProblemException(429, ProblemTypes.RateLimited, "Too many requests.", detail)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
