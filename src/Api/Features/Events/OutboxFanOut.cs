using Portal.Api.Features.Notifications;
using Portal.Api.Features.Webhooks;

namespace Portal.Api.Features.Events;

/// <summary>
/// Turns committed outbox events into work, in two steps that run in lanes of their own (ADR 0009): one
/// delivery per subscribed webhook (<see cref="RunOnceAsync"/>), and the mails the event causes
/// (<see cref="ComposeMailsAsync"/>: rendering them is the slow part, and webhooks do not wait for it). Each step
/// claims events with <c>FOR UPDATE SKIP LOCKED</c> and marks them in the same transaction that inserts its rows,
/// so however many instances run, an event is fanned out once and mailed once (the unique indexes on
/// deliveries and mails stand behind that).
/// </summary>
public sealed class OutboxFanOut(PortalDbContext db, DatabaseMode mode, MailComposer mails, WebhookService webhooks, TimeProvider clock, ILogger<OutboxFanOut> logger)
{
    public const int BatchSize = 100;

    /// <summary>Fans one batch of events out to webhook deliveries; returns how many events it handled.</summary>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken) =>
        StepAsync(m => m.DispatchedAt == null, "dispatched_at", async (batch, now) =>
        {
            var subscribed = await db.Webhooks.AsNoTracking().Where(w => w.Enabled).Select(w => new { w.Id, w.CustomerId, w.Events }).ToListAsync(cancellationToken);
            var maxAttempts = webhooks.MaxAttempts();
            foreach (var message in batch)
            {
                foreach (var webhook in subscribed)
                {
                    var forAccount = webhook.CustomerId is null || webhook.CustomerId == message.CustomerId;
                    if (forAccount && webhook.Events.Contains(message.Type))
                    {
                        db.WebhookDeliveries.Add(new WebhookDelivery
                        {
                            WebhookId = webhook.Id, MessageId = message.Id, EventType = message.Type, MaxAttempts = maxAttempts, NextAttemptAt = now, CreatedAt = now,
                        });
                    }
                }
                message.DispatchedAt = now;
            }
        }, cancellationToken);

    /// <summary>Composes the mails of one batch of events; returns how many events it handled.</summary>
    public Task<int> ComposeMailsAsync(CancellationToken cancellationToken) =>
        StepAsync(m => m.MailedAt == null, "mailed_at", async (batch, now) =>
        {
            foreach (var message in batch)
            {
                try
                {
                    db.MailMessages.AddRange(await mails.ComposeAsync(message, now, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A mail that cannot be rendered must not hold up the mails of every later event.
                    logger.LogError(e, "No mail could be rendered for event {EventId} ({Type}).", message.EventId, message.Type);
                }
                message.MailedAt = now;
            }
        }, cancellationToken);

    /// <summary>One step over the oldest batch of events still waiting for it (its column null): claimed, handled (the handler marks them) and saved in one transaction.</summary>
    private async Task<int> StepAsync(System.Linq.Expressions.Expression<Func<OutboxMessage, bool>> waiting, string column,
        Func<List<OutboxMessage>, DateTimeOffset, Task> handle, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await ClaimAsync(waiting, column, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }
        await handle(batch, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    /// <summary>Inside the caller's transaction: the oldest batch of events still waiting for a step (its column null), locked.</summary>
    private async Task<List<OutboxMessage>> ClaimAsync(System.Linq.Expressions.Expression<Func<OutboxMessage, bool>> waiting, string column, CancellationToken cancellationToken) =>
        mode.IsEmbedded
            ? await db.OutboxMessages.Where(waiting).OrderBy(m => m.OccurredAt).ThenBy(m => m.Id).Take(BatchSize).ToListAsync(cancellationToken)
            : await db.OutboxMessages.FromSql(System.Runtime.CompilerServices.FormattableStringFactory.Create($$"""
                SELECT * FROM outbox_messages WHERE {{column}} IS NULL
                ORDER BY occurred_at, id LIMIT {0} FOR UPDATE SKIP LOCKED
                """, BatchSize)).ToListAsync(cancellationToken);
}
