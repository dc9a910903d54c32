using Portal.Api.Features.Events;
using Quartz;

namespace Portal.Api.Features.Quotes;

/// <summary>
/// Marks offered quotes whose validity has passed as <c>expired</c> (history entry by <c>system</c>, event
/// <c>quote.expired</c>, which mails the requester). The quote's version guards against an acceptance arriving
/// at the same moment; acceptance checks <c>validUntil</c> itself, so nothing depends on when this runs.
/// </summary>
public sealed class QuoteExpiry(PortalDbContext db, TenantScope tenant, TimeProvider clock, ILogger<QuoteExpiry> logger)
{
    public const int BatchSize = 200;

    /// <summary>Expires one batch of due quotes; returns how many it expired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        tenant.AcrossAccounts();
        var now = clock.GetUtcNow();
        var due = await db.Set<Quote>().Where(q => q.Status == QuoteStatuses.Offered && q.ValidUntil != null && q.ValidUntil <= now)
            .OrderBy(q => q.ValidUntil).Select(q => q.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var quote = await db.Set<Quote>().FirstAsync(q => q.Id == id, cancellationToken);
            if (quote.Status != QuoteStatuses.Offered)
            {
                continue;
            }
            quote.Status = QuoteStatuses.Expired;
            quote.UpdatedAt = now;
            db.Add(new QuoteHistoryEntry
            {
                CustomerId = quote.CustomerId, QuoteId = quote.Id, Action = "expired", From = QuoteStatuses.Offered, To = QuoteStatuses.Expired,
                QuoteVersion = quote.LatestVersion, Actor = "system", At = now, Comment = $"Valid until {quote.ValidUntil:O}",
            });
            db.AddEvent(EventTypes.QuoteExpired, quote.CustomerId, now, new QuoteExpiredData(quote.Id, quote.Number, quote.LatestVersion, quote.RequesterId, quote.ValidUntil!.Value, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                expired++;
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogInformation("Quote {QuoteId} changed while expiring; the next run looks at it again.", id);
            }
        }
        return expired;
    }
}

/// <summary>The scheduled expiry check, every <c>Portal:Quotes:ExpiryCheckInterval</c> (default 1 minute); one instance of the cluster runs each occurrence.</summary>
[DisallowConcurrentExecution]
public sealed class QuoteExpiryJob(QuoteExpiry expiry) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await expiry.RunOnceAsync(cancellationToken);
}
