using Portal.Api.Features.Notifications;
using Portal.Api.Features.Webhooks;

namespace Portal.Api.Features.Events;

/// <summary>
/// The outbox dispatcher of this instance (ADR 0009): fans out new events, makes due webhook attempts and
/// sends due mails, then sleeps until <c>Portal:Outbox:PollInterval</c> passes or a commit on this
/// instance wakes it. Every instance runs one; row claims with <c>FOR UPDATE SKIP LOCKED</c> keep them
/// from doing the same work twice.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, WebhookDeliverer deliverer, MailSender mailSender, OutboxBacklog backlog,
    IOptions<PortalOptions> options, ILogger<OutboxDispatcher> logger, Punchout.Outbound.CxmlOutboundSender cxmlSender) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        Infrastructure.Data.DbCommandCounter.ExcludeThisFlow(); // polls on its own schedule, not a request's round trips
        var poll = options.Value.Outbox.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var work = await FanOutAsync(stoppingToken);
                work += await deliverer.RunOnceAsync(stoppingToken);
                work += await mailSender.RunOnceAsync(stoppingToken);
                work += await cxmlSender.RunOnceAsync(stoppingToken);
                await backlog.RefreshIfDueAsync(scopes, stoppingToken);
                if (work == 0)
                {
                    await signal.WaitAsync(poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A dropped connection or a database restart: nothing is lost (the rows wait), try again soon.
                logger.LogError(e, "The outbox dispatcher failed; retrying in {Poll}.", poll);
                try
                {
                    await Task.Delay(poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().AcrossAccounts();
        return await scope.ServiceProvider.GetRequiredService<OutboxFanOut>().RunOnceAsync(cancellationToken);
    }
}

public static class EventsSetup
{
    public static IServiceCollection AddPortalEvents(this IServiceCollection services)
    {
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxBacklog>();
        services.AddSingleton<OutboxCommitInterceptor>();
        services.AddScoped<OutboxFanOut>();
        services.AddScoped<MailComposer>();
        services.AddScoped<WebhookService>();
        services.AddSingleton<WebhookDeliverer>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<Punchout.Outbound.CxmlOutboundSender>();
        services.AddSingleton<Punchout.Outbound.CxmlSigningCertificate>();
        services.AddScoped<Punchout.Outbound.CxmlOutboundSettings>();
        services.AddScoped<Punchout.Outbound.CxmlOutboundDocuments>();
        services.AddScoped<Ordering.IOrderFulfilmentListener>(sp => sp.GetRequiredService<Punchout.Outbound.CxmlOutboundDocuments>());
        services.AddHostedService<OutboxDispatcher>();
        Infrastructure.Outbound.OutboundHttp.Register(services);
        return services;
    }
}
