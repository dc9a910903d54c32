using Portal.Api.Infrastructure.Maintenance;

namespace Portal.Api.Infrastructure.Idempotency;

public static class IdempotencySetup
{
    /// <summary>The idempotency options and the purge of expired keys, sessions and StartPages.</summary>
    public static IServiceCollection AddPortalIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.Lease > TimeSpan.Zero && o.LockWait > TimeSpan.Zero && o.Retention > o.Lease && o.MaxAttempts >= 1,
                "Portal:Idempotency: Lease and LockWait are positive, Retention is longer than Lease, MaxAttempts is at least 1.")
            .ValidateOnStart();
        services.AddOptions<MaintenanceOptions>()
            .BindConfiguration(MaintenanceOptions.Section)
            .Validate(o => o.PurgeInterval > TimeSpan.Zero && o.BatchSize > 0, "Portal:Maintenance: PurgeInterval and BatchSize are positive.")
            .ValidateOnStart();
        services.AddScoped<ExpiredDataPurge>();
        services.AddSingleton<ExpiredDataPurgeService>();
        return services;
    }
}
