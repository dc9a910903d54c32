using Quartz;

namespace Portal.Api.Features.Reordering;

/// <summary>
/// Every <c>Portal:Reordering:CheckInterval</c> (default 1 minute): runs the due replenishment schedules,
/// each in a scope of its own (it acts as the schedule's owner). Quartz (clustered) runs one occurrence on
/// one instance; the row lock of <see cref="ReplenishmentRunner"/> makes each period run once even when two
/// occurrences overlap or an instance died mid-run.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReplenishmentJob(PortalDbContext db, TenantScope tenant, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReplenishmentJob> logger) : IJob
{
    public const int BatchSize = 100;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        tenant.AcrossAccounts();
        var now = clock.GetUtcNow();
        var due = await db.Set<ReplenishmentSchedule>().AsNoTracking().Where(s => s.Active && s.NextRunAt <= now)
            .OrderBy(s => s.NextRunAt).Select(s => s.Id).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<ReplenishmentRunner>().RunAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing of the run was committed: the schedule stays due and the next check tries again.
                logger.LogError(e, "Replenishment schedule {ScheduleId} failed; it stays due.", id);
            }
        }
    }
}

/// <summary>Registration of templates, favorites, suggestions and replenishment.</summary>
public static class ReorderingSetup
{
    public static IServiceCollection AddReordering(this IServiceCollection services)
    {
        services.AddScoped<ReorderingAccess>();
        services.AddScoped<OrderTemplateService>();
        services.AddScoped<FavoriteListService>();
        services.AddScoped<ReorderSuggestionService>();
        services.AddScoped<ReplenishmentScheduleService>();
        services.AddScoped<ReplenishmentRunner>();
        return services;
    }

    /// <summary>The replenishment check, every <c>Portal:Reordering:CheckInterval</c> (default 1 minute).</summary>
    public static void RegisterJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var interval = configuration.GetValue<TimeSpan?>("Portal:Reordering:CheckInterval") ?? TimeSpan.FromMinutes(1);
        var key = new JobKey(nameof(ReplenishmentJob), "reordering");
        quartz.AddJob<ReplenishmentJob>(job => job.WithIdentity(key).StoreDurably(true)
            .WithDescription("Runs due replenishment schedules: suggested carts or orders through approvals."));
        quartz.AddTrigger<ReplenishmentJob>(trigger => trigger.ForJob(key)
            .WithIdentity(nameof(ReplenishmentJob) + ".interval", "reordering")
            .StartNow()
            .WithSimpleSchedule(interval, null));
    }
}
