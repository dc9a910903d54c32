using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Portal.Api.Infrastructure.Problems;

/// <summary>
/// The one place exceptions become problem documents: <see cref="ProblemException"/>s keep their status and
/// type; anything else is a 500 whose detail says nothing about the internals (the log has the exception).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case RequestValidationException validation:
                problem = new ValidationProblemDetails(validation.Errors)
                {
                    Status = validation.Status,
                    Type = validation.Type,
                    Title = validation.Title,
                    Detail = validation.Message,
                };
                foreach (var (key, value) in validation.Extensions)
                {
                    problem.Extensions[key] = value;
                }
                break;
            case ProblemException known:
                problem = new ProblemDetails
                {
                    Status = known.Status,
                    Type = known.Type,
                    Title = known.Title,
                    Detail = known.Message,
                };
                foreach (var (key, value) in known.Extensions)
                {
                    problem.Extensions[key] = value;
                }
                if (known is TooManyConcurrentRequestsException busy)
                {
                    httpContext.Response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                break;
            case BadHttpRequestException badRequest:
                problem = new ProblemDetails
                {
                    Status = badRequest.StatusCode,
                    Type = ProblemTypes.ForStatus(badRequest.StatusCode).Type,
                    Title = ProblemTypes.ForStatus(badRequest.StatusCode).Title,
                    Detail = badRequest.Message,
                };
                break;
            case Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException:
                // A versioned resource changed between this request's read and its write (see EntityTags).
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status412PreconditionFailed,
                    Type = ProblemTypes.PreconditionFailed,
                    Title = "The resource has changed.",
                    Detail = "The resource was changed by another request at the same time. Read it again and retry.",
                };
                break;
            case Microsoft.EntityFrameworkCore.DbUpdateException when Data.UniqueViolations.Is(exception):
                // Another request stored the same unique value (an email, a code, a number) between this request's
                // check and its insert; nothing of this request was written.
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Type = ProblemTypes.Conflict,
                    Title = "The request conflicts with the current state.",
                    Detail = "Another request stored the same value (an email, code or number that must be unique) at the same time. Read the current state and retry.",
                };
                break;
            case InvalidDataException invalidData:
                // Malformed request bodies caught while reading them (form limits, bad encodings).
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Type = ProblemTypes.BadRequest,
                    Title = "The request is not valid.",
                    Detail = invalidData.Message,
                };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; nobody is listening for an answer.
                return true;
            case var _ when Data.TransientDbErrors.IsTransient(exception):
                // The database dropped out and retries did not help: the unit of work rolled back, so the
                // client may send the request again (with its Idempotency-Key, exactly once).
                logger.LogWarning(exception, "Transient database failure for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Type = ProblemTypes.Unavailable,
                    Title = "The service is unavailable.",
                    Detail = "The database could not complete the request; nothing was changed. Send it again (with the same Idempotency-Key).",
                };
                httpContext.Response.Headers.RetryAfter = "1";
                break;
            default:
                logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Type = ProblemTypes.Internal,
                    Title = "An unexpected error occurred.",
                    Detail = "The error has been logged. Quote the requestId when you contact support.",
                };
                break;
        }

        if (exception is IRetryAfterProblem retry)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
