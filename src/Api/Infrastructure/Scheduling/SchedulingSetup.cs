using Quartz;

namespace Portal.Api.Infrastructure.Scheduling;

/// <summary>
/// The job scheduler: Quartz.NET, clustered on PostgreSQL through its ADO job store (tables <c>qrtz_*</c>,
/// created by the Issue16IntegrationEvents migration), so that of several instances exactly one runs each
/// occurrence of a job and a dead instance's jobs are recovered by another; in memory in embedded mode
/// (one instance). Jobs are registered in <see cref="ScheduledJobs"/>.
/// </summary>
public static class SchedulingSetup
{
    public const string TablePrefix = "qrtz_";

    public static IServiceCollection AddPortalScheduling(this IServiceCollection services, IConfiguration configuration, DatabaseMode mode)
    {
        var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.Scheduler ?? new SchedulerOptions();
        services.AddSingleton<Hosting.HostRestart>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(ConfigureScheduler);
            quartz.UseDefaultThreadPool(4);
            if (mode.IsEmbedded)
            {
                quartz.UseInMemoryStore(_ => { });
            }
            else
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(postgres =>
                    {
                        postgres.ConnectionString = mode.ConnectionString;
                    });
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = options.ClusterCheckinInterval;
                        cluster.CheckinMisfireThreshold = options.ClusterCheckinInterval * 2;
                    });
                    store.UseSystemTextJsonSerializer(_ => { });
                    // The Issue16IntegrationEvents migration owns the schema; Quartz only checks it at start.
                    store.ConfigureStore(ado =>
                    {
                        ado.TablePrefix = TablePrefix;
                        ado.SchemaProvisioning = SchemaProvisioning.Validate;
                    });
                });
            }
            ScheduledJobs.Register(quartz, configuration);
        });
        if (options.Enabled)
        {
            // Built during the host's start, started after the migrations; see ResilientSchedulerService.
            services.AddHostedService<ResilientSchedulerService>();
        }
        return services;
    }

    /// <summary>
    /// The scheduler's own settings. Every instance gets an id of its own (clustering). A stopping host asks the
    /// running jobs to stop — their cancellation token is signalled — and still waits for them
    /// (<see cref="ResilientSchedulerService"/>): a sweep ends at its next await instead of holding the shutdown until
    /// the host's timeout runs out and its services are disposed under it. Each job's unit of work commits whole or
    /// not at all, so what a stop cuts short is done by the next run, as after a crash.
    /// </summary>
    public static void ConfigureScheduler(QuartzSchedulerOptions scheduler)
    {
        scheduler.GenerateInstanceId = true;
        scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
    }
}

/// <summary>
/// The one place where recurring jobs are registered. Each job is a durable Quartz job with a trigger;
/// mark jobs <see cref="DisallowConcurrentExecutionAttribute"/> when two runs must not overlap. Slots
/// ready for later work: quote expiry, approval escalation, interval reorders, retention.
/// </summary>
public static class ScheduledJobs
{
    public static void Register(IQuartzBuilder quartz, IConfiguration configuration)
    {
        // Outbox retention: dispatched events, finished deliveries and sent mails older than Portal:Outbox:Retention.
        var retention = new JobKey(nameof(Features.Events.OutboxRetentionJob), "maintenance");
        quartz.AddJob<Features.Events.OutboxRetentionJob>(job => job.WithIdentity(retention).StoreDurably(true)
            .WithDescription("Deletes old dispatched events with their deliveries and mails."));
        quartz.AddTrigger<Features.Events.OutboxRetentionJob>(trigger => trigger.ForJob(retention)
            .WithIdentity(nameof(Features.Events.OutboxRetentionJob) + ".hourly", "maintenance")
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(5))
            .WithSimpleSchedule(TimeSpan.FromHours(1), null));

        // Purge of expired idempotency keys, punchout sessions and StartPages (Portal:Maintenance).
        var maintenance = configuration.GetSection(Maintenance.MaintenanceOptions.Section).Get<Maintenance.MaintenanceOptions>() ?? new();
        var purge = new JobKey(nameof(Maintenance.ExpiredDataPurgeJob), "maintenance");
        quartz.AddJob<Maintenance.ExpiredDataPurgeJob>(job => job.WithIdentity(purge).StoreDurably(true)
            .WithDescription("Deletes expired idempotency keys, punchout sessions and StartPages."));
        quartz.AddTrigger<Maintenance.ExpiredDataPurgeJob>(trigger => trigger.ForJob(purge)
            .WithIdentity(nameof(Maintenance.ExpiredDataPurgeJob) + ".interval", "maintenance")
            .StartAt(DateTimeOffset.UtcNow.Add(maintenance.PurgeFirstDelay))
            .WithSimpleSchedule(maintenance.PurgeInterval, null));

        // Approval escalation (Portal:Approvals:EscalationCheckInterval).
        Features.Approvals.ApprovalsSetup.RegisterJobs(quartz, configuration);

        // Quote expiry (Portal:Quotes:ExpiryCheckInterval).
        Features.Quotes.QuotesSetup.RegisterJobs(quartz, configuration);
        // Replenishment schedules (Portal:Reordering:CheckInterval).
        Features.Reordering.ReorderingSetup.RegisterJobs(quartz, configuration);
        // Retention of personal data (Portal:Privacy:RetentionCheckInterval).
        Features.Privacy.PrivacySetup.RegisterJobs(quartz, configuration);
    }
}
