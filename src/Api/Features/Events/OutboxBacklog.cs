using Portal.Api.Features.Notifications;
using Portal.Api.Features.Webhooks;

namespace Portal.Api.Features.Events;

/// <summary>
/// How much integration work is waiting, as the dispatcher last counted it (at most every
/// <see cref="RefreshInterval"/>): events not yet fanned out to webhooks, events whose mails are not yet composed,
/// webhook deliveries and mails still pending. Exported
/// as the <c>portal.outbox.backlog</c> gauge; a backlog that keeps growing means receivers or SMTP are down.
/// </summary>
public sealed class OutboxBacklog(TimeProvider clock)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private long _events = -1;
    private long _unmailedEvents = -1;
    private long _deliveries = -1;
    private long _mails = -1;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;

    /// <summary>Events committed but not yet fanned out (-1 before the first count).</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Events whose mails (order confirmations, approval requests, ...) are not yet composed (-1 before the first count).</summary>
    public long UnmailedEvents => Interlocked.Read(ref _unmailedEvents);

    /// <summary>Webhook deliveries waiting for an attempt or a retry (-1 before the first count).</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>Mails waiting to be sent (-1 before the first count).</summary>
    public long Mails => Interlocked.Read(ref _mails);

    /// <summary>Whether anybody reads the backlog (metrics are exported); otherwise it is never counted.</summary>
    public bool Observed { get; set; }

    /// <summary>Counts the backlog when it is observed and the last count is older than <see cref="RefreshInterval"/>.</summary>
    public async Task RefreshIfDueAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!Observed || now - _countedAt < RefreshInterval)
        {
            return;
        }
        _countedAt = now;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().AcrossAccounts();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Interlocked.Exchange(ref _events, await db.OutboxMessages.LongCountAsync(m => m.DispatchedAt == null, cancellationToken));
        Interlocked.Exchange(ref _unmailedEvents, await db.OutboxMessages.LongCountAsync(m => m.MailedAt == null, cancellationToken));
        Interlocked.Exchange(ref _deliveries, await db.WebhookDeliveries.LongCountAsync(d => d.Status == DeliveryStatuses.Pending, cancellationToken));
        Interlocked.Exchange(ref _mails, await db.MailMessages.LongCountAsync(m => m.Status == MailStatuses.Pending, cancellationToken));
    }
}
