using Portal.Api.Features.Punchout;

namespace Portal.Api.Infrastructure.Maintenance;

/// <summary>Section <c>Portal:Maintenance</c>.</summary>
public sealed class MaintenanceOptions
{
    public const string Section = "Portal:Maintenance";

    /// <summary>How often the purge runs (on one instance at a time).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wait after start-up before the first purge.</summary>
    public TimeSpan PurgeFirstDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a punchout session is kept after it expired: a buyer's OrderRequest may arrive days after the
    /// punchout (approvals), and its prices are checked against the session's quote.
    /// </summary>
    public TimeSpan PunchoutSessionRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a StartPage that was never opened is kept after its link expired.</summary>
    public TimeSpan UnusedStartPageRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement (short transactions, no long locks).</summary>
    public int BatchSize { get; set; } = 1000;
}

/// <summary>
/// Deletes what has expired: idempotency keys past their retention (unless a live request holds one),
/// punchout sessions past their retention (with their lines), and StartPages that were never opened.
/// In batches, each its own short statement, so it never holds locks for long and can stop anywhere.
/// </summary>
public sealed class ExpiredDataPurge(PortalDbContext db, TimeProvider clock, IOptions<MaintenanceOptions> options, ILogger<ExpiredDataPurge> logger)
{
    /// <summary>Purges everything that has expired; returns the number of rows deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var batch = Math.Max(1, settings.BatchSize);

        var keys = await DeleteInBatchesAsync(() =>
            db.IdempotencyKeys
                .Where(r => r.ExpiresAt < now && (r.Completed || r.LeaseUntil < now))
                .OrderBy(r => r.ExpiresAt)
                .Take(batch)
                .Select(r => new { r.Scope, r.Key })
                .ToListAsync(cancellationToken),
            async chunk =>
            {
                var deleted = 0;
                foreach (var group in chunk.GroupBy(r => r.Scope))
                {
                    var names = group.Select(r => r.Key).ToList();
                    deleted += await db.IdempotencyKeys
                        .Where(r => r.Scope == group.Key && names.Contains(r.Key) && r.ExpiresAt < now && (r.Completed || r.LeaseUntil < now))
                        .ExecuteDeleteAsync(cancellationToken);
                }
                return deleted;
            });

        var sessionsBefore = now - settings.PunchoutSessionRetention;
        var startPagesBefore = now - settings.UnusedStartPageRetention;
        var sessions = await DeleteInBatchesAsync(() =>
            db.PunchoutSessions.IgnoreQueryFilters()
                .Where(s => s.ExpiresAt < sessionsBefore || (s.Status == PunchoutSessionStatuses.Pending && s.StartedAt == null && s.StartExpiresAt < startPagesBefore))
                .OrderBy(s => s.ExpiresAt)
                .Take(batch)
                .Select(s => s.Id)
                .ToListAsync(cancellationToken),
            async ids =>
            {
                await db.PunchoutSessionLines.IgnoreQueryFilters().Where(l => ids.Contains(l.SessionId)).ExecuteDeleteAsync(cancellationToken);
                return await db.PunchoutSessions.IgnoreQueryFilters().Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
            });

        // Single sign-on: answered or expired login requests after an hour, one-time assertion ids once they expired.
        var loginsBefore = now - TimeSpan.FromHours(1);
        var logins = await DeleteInBatchesAsync(() =>
            db.SsoLoginRequests.Where(r => r.ExpiresAt < loginsBefore).OrderBy(r => r.ExpiresAt).Take(batch).Select(r => r.Id).ToListAsync(cancellationToken),
            ids => db.SsoLoginRequests.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken));
        logins += await db.SsoAssertionUses.Where(a => a.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);

        if (keys + sessions + logins > 0)
        {
            logger.LogInformation("Purged {Keys} expired idempotency keys, {Sessions} expired punchout sessions/StartPages and {Logins} expired SSO login records", keys, sessions, logins);
        }
        return keys + sessions + logins;
    }

    private static async Task<int> DeleteInBatchesAsync<T>(Func<Task<List<T>>> next, Func<List<T>, Task<int>> delete)
    {
        var total = 0;
        while (true)
        {
            var chunk = await next();
            if (chunk.Count == 0)
            {
                return total;
            }
            var deleted = await delete(chunk);
            total += deleted;
            if (deleted == 0)
            {
                return total; // nothing matched any more (another purge got there): stop rather than spin
            }
        }
    }
}

/// <summary>
/// Runs <see cref="ExpiredDataPurge"/> on one instance at a time. It is started every
/// <see cref="MaintenanceOptions.PurgeInterval"/> by the Quartz job <see cref="ExpiredDataPurgeJob"/> (clustered on
/// PostgreSQL, so one occurrence runs once); the run also holds a session advisory lock, so a purge started by
/// hand or by an instance with a stale schedule never overlaps another (an instance that does not get the lock
/// skips the round). On SQLite (one process) it just runs.
/// </summary>
public sealed class ExpiredDataPurgeService(IServiceScopeFactory scopes)
{
    /// <summary>The advisory lock key of the purge ("portal-purge" as a number).</summary>
    public const long AdvisoryLockKey = 0x706f7274616c7067;

    /// <summary>One round: null when another instance holds the lock, else the rows deleted.</summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var purge = scope.ServiceProvider.GetRequiredService<ExpiredDataPurge>();
        if (!db.Database.IsNpgsql())
        {
            return await purge.PurgeAsync(cancellationToken);
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(cancellationToken);
            if (!locked)
            {
                return null;
            }
            try
            {
                return await purge.PurgeAsync(cancellationToken);
            }
            finally
            {
                await db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>The scheduled purge of expired idempotency keys, punchout sessions and StartPages.</summary>
[Quartz.DisallowConcurrentExecution]
public sealed class ExpiredDataPurgeJob(ExpiredDataPurgeService purge, ILogger<ExpiredDataPurgeJob> logger) : Quartz.IJob
{
    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var deleted = await purge.RunOnceAsync(cancellationToken);
        if (deleted is null)
        {
            logger.LogInformation("The purge of expired data is running on another instance; this round is skipped.");
        }
    }
}
