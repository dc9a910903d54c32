using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// Retries a unit of work that failed on a transient database error (<see cref="TransientDbErrors"/>):
/// a query or a <c>SaveChanges</c> (its own transaction). Inside a transaction a caller opened (the
/// idempotency filter's, the cXML intake's, an import's) a statement is never retried on its own: the
/// transaction is broken, so the owner of the transaction retries the whole unit — the filter does,
/// safely, because the stored response and the effect commit together. Results are not buffered
/// (streaming queries stay streaming): only the start of a query is retried, before any row reached the
/// caller. A retried <c>SaveChanges</c> whose commit was acknowledged and then lost may apply twice, as with
/// EF Core's own retrying strategies: writes that must happen once carry an Idempotency-Key.
/// </summary>
public sealed class PortalExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetries = 4) : IExecutionStrategy
{
    private static readonly AsyncLocal<bool> Running = new();

    /// <summary>False: EF must not buffer results for us; we retry only what is safe to retry unbuffered.</summary>
    public bool RetriesOnFailure => false;

    public TResult Execute<TState, TResult>(TState state, Func<DbContext, TState, TResult> operation, Func<DbContext, TState, ExecutionResult<TResult>>? verifySucceeded)
    {
        var context = dependencies.CurrentContext.Context;
        if (Running.Value || context.Database.CurrentTransaction is not null || TransactionGuard.IsGuarded(context))
        {
            return operation(context, state);
        }
        for (var attempt = 0; ; attempt++)
        {
            Running.Value = true;
            try
            {
                return operation(context, state);
            }
            catch (Exception ex) when (attempt < maxRetries && TransientDbErrors.IsTransient(ex))
            {
                if (verifySucceeded is not null && Verify(() => verifySucceeded(context, state)) is { IsSuccessful: true } done)
                {
                    return done.Result;
                }
                Thread.Sleep(Delay(attempt));
            }
            finally
            {
                Running.Value = false;
            }
        }
    }

    public async Task<TResult> ExecuteAsync<TState, TResult>(
        TState state, Func<DbContext, TState, CancellationToken, Task<TResult>> operation,
        Func<DbContext, TState, CancellationToken, Task<ExecutionResult<TResult>>>? verifySucceeded, CancellationToken cancellationToken = default)
    {
        var context = dependencies.CurrentContext.Context;
        if (Running.Value || context.Database.CurrentTransaction is not null || TransactionGuard.IsGuarded(context))
        {
            return await operation(context, state, cancellationToken);
        }
        for (var attempt = 0; ; attempt++)
        {
            Running.Value = true;
            try
            {
                return await operation(context, state, cancellationToken);
            }
            catch (Exception ex) when (attempt < maxRetries && TransientDbErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (verifySucceeded is not null)
                {
                    try
                    {
                        var verified = await verifySucceeded(context, state, cancellationToken);
                        if (verified.IsSuccessful)
                        {
                            return verified.Result;
                        }
                    }
                    catch (Exception verifyFailure) when (TransientDbErrors.IsTransient(verifyFailure))
                    {
                    }
                }
                await Task.Delay(Delay(attempt), cancellationToken);
            }
            finally
            {
                Running.Value = false;
            }
        }
    }

    /// <summary>50, 150, 450, 1000 ms (plus jitter): a dropped connection is replaced at once; a restarting server gets about two seconds.</summary>
    internal static TimeSpan Delay(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(1000, 50 * Math.Pow(3, attempt)) + Random.Shared.Next(0, 25));

    private static ExecutionResult<T>? Verify<T>(Func<ExecutionResult<T>> verify)
    {
        try
        {
            return verify();
        }
        catch (Exception ex) when (TransientDbErrors.IsTransient(ex))
        {
            return null;
        }
    }
}

/// <summary>Transactions of units of work that may run inside a caller's transaction (the idempotency filter's).</summary>
public static class DbUnitOfWork
{
    /// <summary>
    /// A guarded transaction (<see cref="TransactionGuard"/>) for this unit unless the caller already opened
    /// one (then null: the caller commits, and retries the whole unit on a transient failure).
    /// </summary>
    public static async Task<IDbContextTransaction?> BeginOrJoinAsync(this PortalDbContext db, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.BeginGuardedAsync(cancellationToken) : null;

    /// <summary>Begins a transaction during which the context cannot silently reconnect outside it.</summary>
    public static async Task<IDbContextTransaction> BeginGuardedAsync(this PortalDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        return new GuardedTransaction(transaction, TransactionGuard.Enter(db));
    }
}
