using Portal.Api.Features.Notifications;
using Portal.Api.Features.Webhooks;

namespace Portal.Api.Features.Events;

/// <summary>
/// The outbox dispatcher of this instance (ADR 0009) runs three lanes: fan-out of new events to webhook deliveries,
/// webhook attempts, and mail and outbound cXML (composing the events' mails, sending due mails and documents). So
/// rendering mails, a slow mail server or a slow receiver holds up only its own lane. A lane that finds nothing
/// sleeps until <c>Portal:Outbox:PollInterval</c> passes or a commit on this instance (or a fan-out) wakes it.
/// Every instance runs one; row claims with <c>FOR UPDATE SKIP LOCKED</c> keep them from doing the same work twice.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, WebhookDeliverer deliverer, MailSender mailSender, OutboxBacklog backlog,
    IOptions<PortalOptions> options, ILogger<OutboxDispatcher> logger, Punchout.Outbound.CxmlOutboundSender cxmlSender) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        Infrastructure.Data.DbCommandCounter.ExcludeThisFlow(); // polls on its own schedule, not a request's round trips
        await Task.WhenAll(
            LaneAsync("fan-out", async token =>
            {
                var events = await FanOutAsync((fanOut, t) => fanOut.RunOnceAsync(t), token);
                if (events > 0)
                {
                    signal.Notify(); // their deliveries are committed
                }
                await backlog.RefreshIfDueAsync(scopes, token);
                return events;
            }, stoppingToken),
            LaneAsync("webhook", deliverer.RunOnceAsync, stoppingToken),
            // Mail and outbound cXML documents share a lane: both talk to slow peers (SMTP, buyers' systems), and a
            // lane per sender would hold a database connection per sender at every poll of every instance.
            LaneAsync("mail and cXML", async token =>
                await FanOutAsync((fanOut, t) => fanOut.ComposeMailsAsync(t), token)
                + await mailSender.RunOnceAsync(token)
                + await cxmlSender.RunOnceAsync(token), stoppingToken));
    }

    private async Task LaneAsync(string lane, Func<CancellationToken, Task<int>> runOnce, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = options.Value.Outbox.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var next = signal.Next;
                if (await runOnce(stoppingToken) == 0)
                {
                    await OutboxSignal.WaitAsync(next, poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A dropped connection or a database restart: nothing is lost (the rows wait), try again soon.
                logger.LogError(e, "The outbox dispatcher's {Lane} lane failed; retrying in {Poll}.", lane, poll);
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

    private async Task<int> FanOutAsync(Func<OutboxFanOut, CancellationToken, Task<int>> step, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().AcrossAccounts();
        return await step(scope.ServiceProvider.GetRequiredService<OutboxFanOut>(), cancellationToken);
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
