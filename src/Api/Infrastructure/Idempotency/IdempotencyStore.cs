using Npgsql;

namespace Portal.Api.Infrastructure.Idempotency;

internal enum ClaimOutcome
{
    Claimed,
    Replay,
    OtherRequest,
    Busy,
}

internal readonly record struct Claim(ClaimOutcome Outcome, IdempotencyRecord? Record = null, TimeSpan RetryAfter = default);

/// <summary>The statements of <see cref="IdempotentAttribute"/> on the key's row (PostgreSQL and SQLite alike).</summary>
internal sealed class IdempotencyStore(PortalDbContext db, IdempotencyOptions options, TimeProvider clock)
{
    /// <summary>
    /// Reserves the key for <paramref name="owner"/> with a fresh lease (a new key, one whose lease ran out
    /// or our own from an earlier attempt), or says why not. Runs outside the request's transaction.
    /// </summary>
    public async Task<Claim> ClaimAsync(string scope, string key, string hash, Guid owner, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 3; round++)
        {
            var now = clock.GetUtcNow();
            var leaseUntil = now + options.Lease;
            // A key kept past its retention (and not held) is forgotten: the key starts over.
            await db.IdempotencyKeys
                .Where(r => r.Scope == scope && r.Key == key && r.ExpiresAt < now && (r.Completed || r.LeaseUntil < now))
                .ExecuteDeleteAsync(cancellationToken);

            // Take over a reservation whose lease ran out (its instance or connection died) or our own. While
            // the holder's transaction is alive it holds the row lock: wait for it at most LockWait.
            int taken;
            try
            {
                taken = await WithLockWaitAsync(ct => db.IdempotencyKeys
                    .Where(r => r.Scope == scope && r.Key == key && !r.Completed && r.RequestHash == hash && (r.Owner == owner || r.LeaseUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Owner, owner).SetProperty(r => r.LeaseUntil, leaseUntil), ct), cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                return new Claim(ClaimOutcome.Busy, RetryAfter: options.Lease);
            }
            if (taken == 1)
            {
                return new Claim(ClaimOutcome.Claimed);
            }

            db.IdempotencyKeys.Add(new IdempotencyRecord
            {
                Scope = scope, Key = key, RequestHash = hash, Owner = owner, LeaseUntil = leaseUntil, CreatedAt = now, ExpiresAt = now + options.Retention,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new Claim(ClaimOutcome.Claimed);
            }
            catch (DbUpdateException ex) when (!TransientDbErrors.IsTransient(ex))
            {
                // The key exists: see what holds it.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }

            var existing = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken);
            if (existing is null)
            {
                continue; // released meanwhile: try again
            }
            if (existing.RequestHash != hash)
            {
                return new Claim(ClaimOutcome.OtherRequest);
            }
            if (existing.Completed)
            {
                return new Claim(ClaimOutcome.Replay, existing);
            }
            if (existing.Owner == owner)
            {
                return new Claim(ClaimOutcome.Claimed); // our insert did commit; its acknowledgement was lost
            }
            var left = existing.LeaseUntil - clock.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                return new Claim(ClaimOutcome.Busy, RetryAfter: left);
            }
        }
        return new Claim(ClaimOutcome.Busy, RetryAfter: options.Lease);
    }

    /// <summary>
    /// First statement of the request's transaction: locks the key's row for the rest of the transaction
    /// (no takeover while the request runs, however long) and checks we still hold it.
    /// </summary>
    public async Task<bool> LockAsync(string scope, string key, Guid owner, CancellationToken cancellationToken)
    {
        var leaseUntil = clock.GetUtcNow() + options.Lease;
        return await db.IdempotencyKeys
            .Where(r => r.Scope == scope && r.Key == key && r.Owner == owner && !r.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, leaseUntil), cancellationToken) == 1;
    }

    /// <summary>Last statement of the request's transaction: the response to replay.</summary>
    public async Task<bool> CompleteAsync(string scope, string key, Guid owner, int status, string? contentType, string? location, byte[] body, CancellationToken cancellationToken) =>
        await db.IdempotencyKeys
            .Where(r => r.Scope == scope && r.Key == key && r.Owner == owner && !r.Completed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Completed, true)
                .SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.Location, location)
                .SetProperty(r => r.Body, body), cancellationToken) == 1;

    /// <summary>Frees a key this request reserved and did not complete (best effort: otherwise its lease runs out).</summary>
    public async Task ReleaseAsync(string scope, string key, Guid owner)
    {
        try
        {
            await db.IdempotencyKeys
                .Where(r => r.Scope == scope && r.Key == key && r.Owner == owner && !r.Completed)
                .ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            // The database is unreachable right now: the lease runs out instead.
        }
    }

    /// <summary>On PostgreSQL, runs the statement in a transaction whose lock waits end after <see cref="IdempotencyOptions.LockWait"/>.</summary>
    private async Task<int> WithLockWaitAsync(Func<CancellationToken, Task<int>> statement, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return await statement(cancellationToken);
        }
        await using var transaction = await db.BeginGuardedAsync(cancellationToken);
        var milliseconds = ((long)Math.Max(1, options.LockWait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
#pragma warning disable EF1002 // a number formatted here, not user input
        await db.Database.ExecuteSqlRawAsync($"SET LOCAL lock_timeout = {milliseconds}", cancellationToken);
#pragma warning restore EF1002
        var rows = await statement(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }
}
