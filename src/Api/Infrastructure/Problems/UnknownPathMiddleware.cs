namespace Portal.Api.Infrastructure.Problems;

/// <summary>
/// A path that matches no endpoint outside <c>/api</c> answers 404 (with a problem body from the status-code
/// pages) before authorization, so that a client with a wrong base path reads "not found", not "token refused".
/// Paths under <c>/api</c> keep needing a token first, so that an anonymous caller learns nothing about them.
/// </summary>
public sealed class UnknownPathMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is null && !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(context);
    }
}
