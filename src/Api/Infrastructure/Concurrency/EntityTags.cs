namespace Portal.Api.Infrastructure.Concurrency;

/// <summary>
/// Optimistic concurrency for edited resources (users, addresses, cost centers, org units, customers,
/// punchout settings), the way products do it: the entity's <c>Version</c> (a concurrency token bumped by
/// every change) is its strong ETag; reads answer it, writes honour <c>If-Match</c>. A stale
/// <c>If-Match</c> is a 412 problem and changes nothing; a write racing another one is caught by the
/// concurrency token and answered the same way. One instance per request (scoped): the
/// <see cref="EntityTagsMiddleware"/> hands it the request's <c>If-Match</c> and writes the answered ETag
/// on a successful response, so that services need no access to the HTTP context.
/// </summary>
public sealed class EntityTags
{
    private string? ifMatch;
    private int? answered;

    public static string Of(int version) => $"\"{version}\"";

    /// <summary>Binds this request's precondition and answers the ETag when a 2xx response starts.</summary>
    internal void Bind(HttpContext context)
    {
        ifMatch = context.Request.Headers.IfMatch.ToString();
        context.Response.OnStarting(() =>
        {
            if (answered is int version && context.Response.StatusCode is >= 200 and < 300)
            {
                context.Response.Headers.ETag = Of(version);
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>Throws a 412 problem when the request's If-Match names no current version of <paramref name="what"/>.</summary>
    public void RequireMatch(int currentVersion, string what)
    {
        var header = ifMatch;
        if (string.IsNullOrWhiteSpace(header))
        {
            return;
        }
        if (!Matches(header, currentVersion))
        {
            throw new PreconditionFailedException($"The {what} has changed since it was read (If-Match). Read it again and retry.");
        }
    }

    /// <summary>Answers the version as the response's ETag.</summary>
    public void Answer(int version) => answered = version;

    internal static bool Matches(string header, int version)
    {
        var current = Of(version);
        foreach (var raw in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*" || raw == current || raw == "W/" + current)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>An entity edited by several people: <see cref="Version"/> is its ETag and concurrency token.</summary>
public interface IVersioned
{
    int Version { get; set; }
}
