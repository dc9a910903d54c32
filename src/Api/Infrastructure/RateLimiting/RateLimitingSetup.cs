using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Api.Infrastructure.Auth;
using Portal.Api.Infrastructure.Problems;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Portal.Api.Infrastructure.RateLimiting;

/// <summary>
/// Fixed-window limits per API client on /api and per IP address on /connect/token. With Redis the
/// counters are shared by every API instance; without it they are per process. Each client has its own
/// partition, so one client flooding never spends another's budget.
/// </summary>
public static class RateLimitingSetup
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddPortalRateLimiting(this IServiceCollection services, PortalOptions portal, bool redisConfigured)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (key, limit) = Partition(context, portal.RateLimit);
                if (key is null)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }
                if (redisConfigured)
                {
                    var redis = context.RequestServices.GetRequiredService<IConnectionMultiplexer>();
                    return RedisRateLimitPartition.GetFixedWindowRateLimiter(key, _ => new RedisFixedWindowRateLimiterOptions
                    {
                        ConnectionMultiplexerFactory = () => redis,
                        PermitLimit = limit,
                        Window = Window,
                    });
                }
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    /// <summary>The partition a request counts against, with its limit; null key for unlimited paths.</summary>
    internal static (string? Key, int Limit) Partition(HttpContext context, RateLimitOptions limits)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/connect/token"))
        {
            var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return ($"portal:rl:token:{ip}", limits.TokenPermitPerMinute);
        }
        if (path.StartsWithSegments("/api"))
        {
            var client = context.User.FindFirst(PortalClaims.ClientId)?.Value;
            var key = client is not null
                ? $"portal:rl:client:{client}"
                : $"portal:rl:anonymous:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";
            return (key, limits.PermitPerMinute);
        }
        return (null, 0);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var (_, limit) = Partition(context, context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value.RateLimit);

        var retryAfter = 60;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
        {
            retryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        }
        else if (rejected.Lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var redisRetry))
        {
            retryAfter = Math.Max(1, redisRetry);
        }

        var headers = context.Response.Headers;
        headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = "0";
        headers["RateLimit-Reset"] = retryAfter.ToString(CultureInfo.InvariantCulture);

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = ProblemTypes.RateLimited,
            Title = "Too many requests.",
            Detail = $"The limit of {limit} requests per minute is used up. Retry after {retryAfter} seconds.",
        };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }
}
