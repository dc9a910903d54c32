using Quartz;

namespace Portal.Api.Features.Quotes;

/// <summary>Registration of quotes: services, mails and the expiry job.</summary>
public static class QuotesSetup
{
    public static IServiceCollection AddQuotes(this IServiceCollection services)
    {
        services.AddScoped<QuoteService>();
        services.AddScoped<QuoteDeskService>();
        services.AddScoped<QuoteMails>();
        services.AddScoped<QuoteExpiry>();
        return services;
    }

    /// <summary>The expiry check, every <c>Portal:Quotes:ExpiryCheckInterval</c> (default 1 minute).</summary>
    public static void RegisterJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var interval = configuration.GetValue<TimeSpan?>("Portal:Quotes:ExpiryCheckInterval") ?? TimeSpan.FromMinutes(1);
        var key = new JobKey(nameof(QuoteExpiryJob), "quotes");
        quartz.AddJob<QuoteExpiryJob>(job => job.WithIdentity(key).StoreDurably(true)
            .WithDescription("Marks offered quotes past their validUntil as expired and notifies."));
        quartz.AddTrigger<QuoteExpiryJob>(trigger => trigger.ForJob(key)
            .WithIdentity(nameof(QuoteExpiryJob) + ".interval", "quotes")
            .StartNow()
            .WithSimpleSchedule(interval, null));
    }
}
