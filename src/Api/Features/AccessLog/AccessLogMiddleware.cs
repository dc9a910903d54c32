namespace Portal.Api.Features.AccessLog;

/// <summary>Excludes an endpoint from the access log: it touches no customer data (the catalog).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ExcludeFromAccessLogAttribute : Attribute;

/// <summary>
/// Records every authenticated /api request (including refused ones: 403 and 404 matter most) with
/// who, which account, what, on which path, the outcome and the client IP. Bodies, query strings and
/// headers are never recorded, so neither secrets nor tokens can reach the log.
/// </summary>
public sealed partial class AccessLogMiddleware(RequestDelegate next, AccessLogWriter writer, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context, CallerContext callers, TenantScope tenant, AccessLogNote note)
    {
        if (!Logged(context.Request.Path))
        {
            await next(context);
            return;
        }
        var outcome = 500;
        try
        {
            await next(context);
            outcome = context.Response.StatusCode;
        }
        catch (ProblemException problem)
        {
            outcome = problem.Status;
            throw;
        }
        finally
        {
            // The caller is known after the request ran: punchout and shop pages act as the session's user there.
            Write(context, callers.Current, tenant, note, outcome);
        }
    }

    /// <summary>The API and the pages that show customer data: punchout sessions (cXML, OCI) and the SSO shop.</summary>
    private static bool Logged(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/punchout") || path.StartsWithSegments("/shop");

    private void Write(HttpContext context, Caller? caller, TenantScope tenant, AccessLogNote note, int outcome)
    {
        if (caller is null)
        {
            return;
        }
        {
            var endpoint = context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<ExcludeFromAccessLogAttribute>() is null)
            {
                writer.Enqueue(new AccessLogEntry
                {
                    Time = clock.GetUtcNow(),
                    ClientId = caller.ClientId,
                    UserId = caller.UserId,
                    CustomerId = tenant.CustomerId,
                    Action = context.Request.Method + " " + Template(endpoint, context),
                    Resource = Truncate(context.Request.Path.Value ?? "/", 1000),
                    Outcome = outcome,
                    Ip = context.Connection.RemoteIpAddress?.ToString(),
                    RequestId = Truncate(context.TraceIdentifier, 64),
                    Detail = note.Detail,
                });
            }
        }
    }

    private static string Template(Endpoint? endpoint, HttpContext context)
    {
        if (endpoint is not RouteEndpoint route || route.RoutePattern.RawText is not { } raw)
        {
            return "(no route)";
        }
        var version = context.GetRouteValue("version")?.ToString() ?? "1";
        if (Templates.TryGetValue((raw, version), out var known))
        {
            return known;
        }
        var text = "/" + raw.TrimStart('/').Replace("{version:apiVersion}", version, StringComparison.Ordinal);
        var template = Truncate(Constraint().Replace(text, "}"), 300);
        if (Templates.Count < 10_000)
        {
            Templates[(raw, version)] = template; // per route and version: the table is bounded by the routes
        }
        return template;
    }

    /// <summary>Rendered templates: every logged request needs one, and they only depend on the route.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Raw, string Version), string> Templates = new();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(":[^}]*}")]
    private static partial Regex Constraint();
}
