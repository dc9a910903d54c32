using StackExchange.Redis;

namespace Portal.Api.Infrastructure.Caching;

public static class RedisSetup
{
    /// <summary>
    /// One shared multiplexer when <c>Redis:Configuration</c> is set, and the <see cref="RedisGuard"/> every
    /// Redis call goes through. Connecting is lazy and never fails start-up (abortConnect=false): /health/ready
    /// reports Redis instead. Commands fail fast while disconnected instead of queueing (they would wait for
    /// the reconnect), and the reconnect is tried every half second, so a restarted Redis is used again
    /// within about a second (docs/adr/0008-exactly-once-and-redis-outage.md).
    /// </summary>
    public static bool AddPortalRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var redisConfiguration = configuration["Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(redisConfiguration))
        {
            return false;
        }
        var resilience = configuration.GetSection(RedisResilienceOptions.Section).Get<RedisResilienceOptions>() ?? new RedisResilienceOptions();
        var options = Configure(redisConfiguration, resilience);
        services.AddSingleton(resilience);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.AddSingleton(sp => new RedisGuard(
            sp.GetRequiredService<IConnectionMultiplexer>(), resilience, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RedisGuard>>()));
        return true;
    }

    /// <summary>The multiplexer's options: the configured string plus fail-fast and short timeouts (unless the string sets them).</summary>
    public static ConfigurationOptions Configure(string configuration, RedisResilienceOptions resilience)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "portal-api";
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        var timeout = (int)Math.Max(100, resilience.OperationTimeout.TotalMilliseconds * 2);
        if (!configuration.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = Math.Max(1000, timeout);
        }
        if (!configuration.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = timeout;
        }
        if (!configuration.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.SyncTimeout = timeout;
        }
        return options;
    }
}
