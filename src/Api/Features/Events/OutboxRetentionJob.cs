using Portal.Api.Features.Notifications;
using Portal.Api.Features.Webhooks;
using Quartz;

namespace Portal.Api.Features.Events;

/// <summary>
/// Deletes what the outbox no longer needs after <c>Portal:Outbox:Retention</c>: dispatched events whose
/// deliveries and mails are all finished (deleting an event cascades to them). A scheduled job: one
/// instance of the cluster runs each occurrence.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxRetentionJob(PortalDbContext db, IOptions<PortalOptions> options, TimeProvider clock, ILogger<OutboxRetentionJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.Outbox.Retention;
        var deleted = await db.OutboxMessages
            .Where(m => m.DispatchedAt != null && m.DispatchedAt < before && m.MailedAt != null)
            .Where(m => !db.WebhookDeliveries.Any(d => d.MessageId == m.Id && d.Status == DeliveryStatuses.Pending))
            .Where(m => !db.MailMessages.Any(x => x.MessageId == m.Id && x.Status == MailStatuses.Pending))
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Outbox retention: deleted {Count} events dispatched before {Before:o} with their deliveries and mails.", deleted, before);
        }
    }
}
