using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// Keeps a unit of work in its transaction. When the connection under a transaction breaks (a terminated
/// backend, a failover), EF Core silently drops the transaction and opens a fresh connection for the next
/// statement — which would then run on its own, outside the unit, and could commit half an effect. While a
/// context is guarded, opening a connection throws <see cref="UnitOfWorkConnectionLostException"/>
/// (transient) instead, so the owner of the unit rolls back and runs the whole unit again.
/// </summary>
public sealed class TransactionGuard : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Guarded = [];
    private static readonly object Marker = new();

    /// <summary>Guards the context until the returned handle is disposed (call right after beginning the transaction).</summary>
    public static IDisposable Enter(DbContext context)
    {
        Guarded.AddOrUpdate(context, Marker);
        return new Release(context);
    }

    /// <summary>True while a unit of work holds the context's transaction (its statements are not retried one by one).</summary>
    public static bool IsGuarded(DbContext context) => Guarded.TryGetValue(context, out _);

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is not null && Guarded.TryGetValue(context, out _))
        {
            throw new UnitOfWorkConnectionLostException();
        }
    }

    private sealed class Release(DbContext context) : IDisposable
    {
        public void Dispose() => Guarded.Remove(context);
    }
}

/// <summary>The connection of a unit of work broke mid-transaction: nothing of the unit is committed; run it again.</summary>
public sealed class UnitOfWorkConnectionLostException()
    : Exception("The database connection of a unit of work was lost in the middle of its transaction; nothing was committed.");

/// <summary>
/// A transaction this call began (guarded by <see cref="TransactionGuard"/>). Committing, rolling back or disposing
/// it ends the guard: the unit is over, and what runs after it (freeing an idempotency key, looking up the copy
/// that won a race) is a statement of its own, not one the guard must refuse as a lost connection.
/// </summary>
internal sealed class GuardedTransaction(IDbContextTransaction inner, IDisposable guard) : IDbContextTransaction
{
    public Guid TransactionId => inner.TransactionId;

    public void Commit() => Ending(inner.Commit);

    public Task CommitAsync(CancellationToken cancellationToken = default) => EndingAsync(inner.CommitAsync, cancellationToken);

    public void Rollback() => Ending(inner.Rollback);

    public Task RollbackAsync(CancellationToken cancellationToken = default) => EndingAsync(inner.RollbackAsync, cancellationToken);

    private void Ending(Action end)
    {
        try
        {
            end();
        }
        finally
        {
            guard.Dispose();
        }
    }

    private async Task EndingAsync(Func<CancellationToken, Task> end, CancellationToken cancellationToken)
    {
        try
        {
            await end(cancellationToken);
        }
        finally
        {
            guard.Dispose();
        }
    }

    public void Dispose()
    {
        guard.Dispose();
        inner.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        guard.Dispose();
        await inner.DisposeAsync();
    }
}
