using System.Threading.RateLimiting;

namespace Portal.Api.Infrastructure.RateLimiting;

/// <summary>
/// Fixed-window limits per API client on /api and per IP address on /connect/token, /punchout/cxml and the
/// people's sign-in paths (/connect/authorize, /sso, /shop).
/// With Redis the counters are shared by every API instance (<see cref="RedisBudgetRateLimiter"/>:
/// permits reserved in chunks, not one Redis call per request; per instance while Redis is unavailable);
/// without it they are per process. Each client has its own partition, so one client flooding never
/// spends another's budget. Every /api answer carries <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>
/// and <c>RateLimit-Reset</c> (<see cref="ApiRateLimitMiddleware"/>).
/// </summary>
public static class RateLimitingSetup
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddPortalRateLimiting(this IServiceCollection services, PortalOptions portal, bool redisConfigured)
    {
        services.AddSingleton(sp => new TokenRateLimiter(CreateLimiter(
            context => $"portal:rl:token:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
            portal.RateLimit.TokenPermitPerMinute,
            redisConfigured ? sp.GetRequiredService<RedisGuard>() : null)));
        services.AddSingleton(sp => new CxmlRateLimiter(CreateLimiter(
            context => $"portal:rl:cxml:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
            portal.RateLimit.CxmlPermitPerMinute,
            redisConfigured ? sp.GetRequiredService<RedisGuard>() : null)));
        services.AddSingleton(sp => new LoginRateLimiter(CreateLimiter(
            context => $"portal:rl:login:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
            portal.RateLimit.LoginPermitPerMinute,
            redisConfigured ? sp.GetRequiredService<RedisGuard>() : null)));
        services.AddSingleton(sp => new ApiRateLimiter(CreateLimiter(
            context => context.User.FindFirst(PortalClaims.ClientId)?.Value is { } client
                ? $"portal:rl:client:{client}"
                : $"portal:rl:anonymous:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
            portal.RateLimit.PermitPerMinute,
            redisConfigured ? sp.GetRequiredService<RedisGuard>() : null)));
        return services;
    }

    /// <summary>A limiter partitioned by <paramref name="partitionKey"/> (null: unlimited), in Redis or in-process.</summary>
    private static PartitionedRateLimiter<HttpContext> CreateLimiter(Func<HttpContext, string?> partitionKey, int limit, RedisGuard? redis) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var key = partitionKey(context);
            if (key is null)
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }
            if (redis is not null)
            {
                return RateLimitPartition.Get(key, k => new RedisBudgetRateLimiter(redis, k, limit, Window));
            }
            return RateLimitPartition.Get(key, _ => new LocalWindowRateLimiter(limit, Window));
        });

    /// <summary>
    /// Takes one permit for the request: a refusal answers 429 with Retry-After and the RateLimit-* headers;
    /// otherwise the request goes on, with the headers too when <paramref name="headersOnEveryAnswer"/>.
    /// </summary>
    internal static async Task LimitAsync(HttpContext context, RequestDelegate next, PartitionedRateLimiter<HttpContext> limiter, int limit, bool headersOnEveryAnswer)
    {
        using var lease = await limiter.AcquireAsync(context, 1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            await WriteRejectionAsync(context, lease, limit);
            return;
        }
        if (headersOnEveryAnswer)
        {
            AddHeaders(context, lease, limit);
        }
        await next(context);
    }

    /// <summary>
    /// The RateLimit-* headers of a lease (granted or refused): the limit, the permits left and the whole
    /// seconds until the window ends. Written when the response starts, so they survive handlers that
    /// reset the response (the exception handler does).
    /// </summary>
    internal static void AddHeaders(HttpContext context, RateLimitLease lease, int limit)
    {
        var remaining = lease.TryGetMetadata(RateLimitMetadata.Remaining, out var left) ? left : (int?)null;
        var reset = lease.TryGetMetadata(RateLimitMetadata.Reset, out var until) ? RateLimitMetadata.Seconds(until) : (int?)null;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            if (remaining is { } r)
            {
                headers["RateLimit-Remaining"] = r.ToString(CultureInfo.InvariantCulture);
            }
            if (reset is { } s)
            {
                headers["RateLimit-Reset"] = s.ToString(CultureInfo.InvariantCulture);
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>The 429 problem with Retry-After and the RateLimit-* headers: the seconds really left in the window.</summary>
    internal static async ValueTask WriteRejectionAsync(HttpContext context, RateLimitLease lease, int limit)
    {
        var retryAfter = (int)Window.TotalSeconds;
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
        {
            retryAfter = RateLimitMetadata.Seconds(retry);
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var headers = context.Response.Headers;
        headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = "0";
        headers["RateLimit-Reset"] = retryAfter.ToString(CultureInfo.InvariantCulture);

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ProblemTypes.RateLimited,
                Title = "Too many requests.",
                Detail = $"The limit of {limit} requests per minute is used up. Retry after {retryAfter} seconds.",
            },
        });
    }
}

/// <summary>
/// The per-IP limiter of <c>POST /punchout/cxml</c>: callers are anonymous until their shared secret is
/// checked, and that check is deliberately slow (PBKDF2), so unauthenticated traffic is bounded here.
/// </summary>
public sealed class CxmlRateLimiter(PartitionedRateLimiter<HttpContext> limiter)
{
    public PartitionedRateLimiter<HttpContext> Limiter { get; } = limiter;
}

/// <summary>The per-client limiter of /api.</summary>
public sealed class ApiRateLimiter(PartitionedRateLimiter<HttpContext> limiter)
{
    public PartitionedRateLimiter<HttpContext> Limiter { get; } = limiter;
}

/// <summary>
/// Limits /api per API client (per IP address for anonymous calls), after authentication: a refused
/// request answers 429 with Retry-After; every answer carries the RateLimit-* headers.
/// </summary>
public sealed class ApiRateLimitMiddleware(RequestDelegate next, ApiRateLimiter limiter, Microsoft.Extensions.Options.IOptions<PortalOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        await RateLimitingSetup.LimitAsync(context, next, limiter.Limiter, options.Value.RateLimit.PermitPerMinute, headersOnEveryAnswer: true);
    }
}

/// <summary>The per-IP limiter of the token endpoint.</summary>
public sealed class TokenRateLimiter(PartitionedRateLimiter<HttpContext> limiter)
{
    public PartitionedRateLimiter<HttpContext> Limiter { get; } = limiter;
}

/// <summary>
/// Limits /connect/token per IP address before authentication runs: OpenIddict answers bad credentials
/// during authentication, and those are exactly the requests (password guessing) to limit.
/// </summary>
/// <remarks>
/// The people's sign-in paths have a budget of their own per IP address (<see cref="LoginRateLimiter"/>):
/// <c>/connect/authorize</c>, everything under <c>/sso</c> (login, SAML ACS, OIDC callback, metadata) and
/// <c>/shop</c>. Each of them writes state (pending logins, replay entries, sessions) or verifies signatures,
/// and a flood of them must not spend the machine clients' token budget, nor the other way round.
/// </remarks>
public sealed class TokenRateLimitMiddleware(RequestDelegate next, TokenRateLimiter limiter, LoginRateLimiter logins, Microsoft.Extensions.Options.IOptions<PortalOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/connect/token"))
        {
            await RateLimitingSetup.LimitAsync(context, next, limiter.Limiter, options.Value.RateLimit.TokenPermitPerMinute, headersOnEveryAnswer: false);
        }
        else if (path.StartsWithSegments("/connect/authorize") || path.StartsWithSegments("/sso") || path.StartsWithSegments("/shop"))
        {
            await RateLimitingSetup.LimitAsync(context, next, logins.Limiter, options.Value.RateLimit.LoginPermitPerMinute, headersOnEveryAnswer: false);
        }
        else
        {
            await next(context);
        }
    }
}

/// <summary>The per-IP limiter of the people's sign-in paths (authorize, SSO, shop entry).</summary>
public sealed class LoginRateLimiter(PartitionedRateLimiter<HttpContext> limiter)
{
    public PartitionedRateLimiter<HttpContext> Limiter { get; } = limiter;
}
