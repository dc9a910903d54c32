using Microsoft.Extensions.Caching.Memory;


namespace Portal.Api.Features.Pricing;

public static class PricingSetup
{
    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration, bool redisConfigured)
    {
        services.AddMemoryCache();
        var cacheSize = configuration.GetValue("Portal:Pricing:CacheSize", 2_000_000L);
        services.AddSingleton(sp => new VersionStore(guard: redisConfigured ? sp.GetRequiredService<RedisGuard>() : null));
        services.AddScoped<RequestVersions>();
        // A memory cache of its own: bounded by size (entries count their conditions), unlike the shared one.
        services.AddSingleton(sp => new PriceCache(new MemoryCache(new MemoryCacheOptions { SizeLimit = cacheSize }), sp.GetRequiredService<VersionStore>()));
        services.AddOptions<ErpPricingOptions>().BindConfiguration(ErpPricingOptions.Section);
        // Through the SSRF guard like every outbound call (an ERP on a private network needs Portal:Outbound:AllowPrivateNetworks).
        services.AddHttpClient(ErpPriceSource.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<Infrastructure.Outbound.OutboundHttp>().CreateHandler());
        services.AddSingleton<ErpPriceSource>();
        services.AddScoped<PriceCalculationService>();
        services.AddSingleton<V1.PriceCalculationRenderer>();
        services.AddScoped<PriceConditionService>();
        return services;
    }
}
