using StackExchange.Redis;

namespace Portal.Api.Infrastructure.Caching;

public static class RedisSetup
{
    /// <summary>
    /// One shared multiplexer when <c>Redis:Configuration</c> is set. Connecting is lazy and never fails
    /// start-up (abortConnect=false): /health/ready reports Redis instead.
    /// </summary>
    public static bool AddPortalRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var redisConfiguration = configuration["Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(redisConfiguration))
        {
            return false;
        }
        var options = ConfigurationOptions.Parse(redisConfiguration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "portal-api";
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return true;
    }
}
