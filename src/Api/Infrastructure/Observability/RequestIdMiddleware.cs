namespace Portal.Api.Infrastructure.Observability;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is a sane token, a new one
/// otherwise. It is echoed in the response header, put into every log entry's scope and into every
/// problem document, so a support ticket can quote it.
/// </summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        context.TraceIdentifier = incoming.Length is > 0 and <= 64 && SafeId().IsMatch(incoming)
            ? incoming
            : Guid.CreateVersion7().ToString("N");
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = context.TraceIdentifier;
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.TraceIdentifier }))
        {
            await next(context);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeId();
}
