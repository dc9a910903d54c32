using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Api.Infrastructure.Auth;
using Portal.Api.Infrastructure.Problems;
using StackExchange.Redis;

namespace Portal.Api.Infrastructure.RateLimiting;

/// <summary>
/// Fixed-window limits per API client on /api and per IP address on /connect/token and /punchout/cxml.
/// With Redis the counters are shared by every API instance (<see cref="RedisBudgetRateLimiter"/>:
/// permits reserved in chunks, not one Redis call per request); without it they are per process. Each client has its own
/// partition, so one client flooding never spends another's budget.
/// </summary>
public static class RateLimitingSetup
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddPortalRateLimiting(this IServiceCollection services, PortalOptions portal, bool redisConfigured)
    {
        services.AddSingleton(sp => new TokenRateLimiter(CreateLimiter(
            context => $"portal:rl:token:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
            portal.RateLimit.TokenPermitPerMinute,
            redisConfigured ? sp.GetRequiredService<IConnectionMultiplexer>() : null)));
        services.AddSingleton(sp => new CxmlRateLimiter(CreateLimiter(
            context => $"portal:rl:cxml:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
            portal.RateLimit.CxmlPermitPerMinute,
            redisConfigured ? sp.GetRequiredService<IConnectionMultiplexer>() : null)));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IServiceProvider>((options, sp) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) => WriteRejectionAsync(rejected.HttpContext, rejected.Lease, portal.RateLimit.PermitPerMinute);
            options.GlobalLimiter = CreateLimiter(
                context => !context.Request.Path.StartsWithSegments("/api")
                    ? null
                    : context.User.FindFirst(PortalClaims.ClientId)?.Value is { } client
                        ? $"portal:rl:client:{client}"
                        : $"portal:rl:anonymous:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
                portal.RateLimit.PermitPerMinute,
                redisConfigured ? sp.GetRequiredService<IConnectionMultiplexer>() : null);
        });
        return services;
    }

    /// <summary>A limiter partitioned by <paramref name="partitionKey"/> (null: unlimited), in Redis or in-process.</summary>
    private static PartitionedRateLimiter<HttpContext> CreateLimiter(Func<HttpContext, string?> partitionKey, int limit, IConnectionMultiplexer? redis) =>
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
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    /// <summary>The 429 problem with Retry-After and the RateLimit-* headers.</summary>
    internal static async ValueTask WriteRejectionAsync(HttpContext context, RateLimitLease lease, int limit)
    {
        var retryAfter = 60;
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
        {
            retryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
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

/// <summary>The per-IP limiter of the token endpoint.</summary>
public sealed class TokenRateLimiter(PartitionedRateLimiter<HttpContext> limiter)
{
    public PartitionedRateLimiter<HttpContext> Limiter { get; } = limiter;
}

/// <summary>
/// Limits /connect/token per IP address before authentication runs: OpenIddict answers bad credentials
/// during authentication, and those are exactly the requests (password guessing) to limit.
/// </summary>
public sealed class TokenRateLimitMiddleware(RequestDelegate next, TokenRateLimiter limiter, Microsoft.Extensions.Options.IOptions<PortalOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/connect/token"))
        {
            await next(context);
            return;
        }
        using var lease = await limiter.Limiter.AcquireAsync(context, 1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            await RateLimitingSetup.WriteRejectionAsync(context, lease, options.Value.RateLimit.TokenPermitPerMinute);
            return;
        }
        await next(context);
    }
}
