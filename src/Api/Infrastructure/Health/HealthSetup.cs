using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Portal.Api.Infrastructure.Health;

public static class HealthSetup
{
    private const string ReadyTag = "ready";

    /// <summary>/health/live answers while the process runs; /health/ready checks each store it uses.</summary>
    public static IServiceCollection AddPortalHealth(this IServiceCollection services, DatabaseMode mode, bool redisConfigured)
    {
        var checks = services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>(mode.IsEmbedded ? "database (sqlite)" : "database (postgresql)", tags: [ReadyTag]);
        if (redisConfigured)
        {
            checks.AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        }
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteAsync,
        }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        }).AllowAnonymous();
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                    description = e.Value.Description,
                    // The exception message only: connection strings and stack traces stay in the log.
                    error = e.Value.Exception?.GetType().Name,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, Caching.VersionStore versions) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            // The version log is back in use after the next request's sync (docs/adr/0008-exactly-once-and-redis-outage.md).
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms; version log {(versions.Degraded ? "not in use yet (caches bypassed)" : "in use")}");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Degraded, not unhealthy: the API serves without Redis (docs/adr/0008-exactly-once-and-redis-outage.md), so a load
            // balancer must not take every instance out because Redis is down.
            return HealthCheckResult.Degraded("Redis does not answer; the API runs on its fallbacks.", ex);
        }
    }
}
