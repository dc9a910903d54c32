using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Portal.Api.Infrastructure.Data;

/// <summary>A row sent by a background sender (mail, webhook delivery, outbound cXML document): due at a time, leased while attempted.</summary>
public interface ILeasedAttempt
{
    DateTimeOffset NextAttemptAt { get; }

    DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>
/// Claims a batch of due rows for one sender: pending, due, not leased by another instance; oldest due first.
/// PostgreSQL skips rows another instance has locked (FOR UPDATE SKIP LOCKED); the embedded database has one
/// writer. The lease is stored in the same transaction, in whole milliseconds (it is compared after a round
/// trip through timestamptz, which keeps microseconds).
/// </summary>
internal static class LeasedClaims
{
    public static async Task<(List<T> Due, DateTimeOffset Lease)> ClaimAsync<T>(
        PortalDbContext db,
        DatabaseMode mode,
        Expression<Func<T, bool>> pending,
        string table,
        string statusColumn,
        int batchSize,
        DateTimeOffset now,
        TimeSpan leaseFor,
        CancellationToken cancellationToken,
        string? andSql = null)
        where T : class, ILeasedAttempt
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // andSql: a further condition on PostgreSQL (the embedded database has it in `pending`), naming the table's
        // row by the table's name.
        var due = mode.IsEmbedded
            ? await db.Set<T>().Where(pending)
                .Where(r => r.NextAttemptAt <= now && (r.LockedUntil == null || r.LockedUntil < now))
                .OrderBy(r => r.NextAttemptAt).Take(batchSize).ToListAsync(cancellationToken)
            : await db.Set<T>().FromSql(FormattableStringFactory.Create($$"""
                SELECT * FROM {{table}}
                WHERE {{statusColumn}} = 'pending' AND next_attempt_at <= {0} AND (locked_until IS NULL OR locked_until < {1}){{(andSql is null ? string.Empty : " AND " + andSql)}}
                ORDER BY next_attempt_at LIMIT {2} FOR UPDATE SKIP LOCKED
                """, now, now, batchSize)).ToListAsync(cancellationToken);
        var lease = Truncate(now + leaseFor);
        foreach (var row in due)
        {
            row.LockedUntil = lease;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (due, lease);
    }

    /// <summary>Whole milliseconds, UTC.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
