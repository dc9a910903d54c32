using Quartz;

namespace Portal.Api.Features.Privacy;

/// <summary>Registration of the privacy feature: erasure, export, retention (and the self-service report).</summary>
public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddScoped<ErasureService>();
        services.AddScoped<PersonalDataService>();
        services.AddScoped<RetentionRunner>();
        services.AddScoped<Reports.SelfServiceReportService>();
        return services;
    }

    /// <summary>The retention job, every <c>Portal:Privacy:RetentionCheckInterval</c> (default 6 hours).</summary>
    public static void RegisterJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.Privacy ?? new PrivacyOptions();
        var key = new JobKey(nameof(RetentionJob), "maintenance");
        quartz.AddJob<RetentionJob>(job => job.WithIdentity(key).StoreDurably(true)
            .WithDescription("Pseudonymises personal data past its retention and deletes old access-log entries."));
        quartz.AddTrigger<RetentionJob>(trigger => trigger.ForJob(key)
            .WithIdentity(nameof(RetentionJob) + ".interval", "maintenance")
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(3))
            .WithSimpleSchedule(options.RetentionCheckInterval, null));
    }
}

/// <summary>Runs <see cref="RetentionRunner"/> (clustered: one instance per occurrence).</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(IServiceScopeFactory scopes) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().AcrossAccounts();
        await scope.ServiceProvider.GetRequiredService<RetentionRunner>().RunAsync(cancellationToken);
    }
}
