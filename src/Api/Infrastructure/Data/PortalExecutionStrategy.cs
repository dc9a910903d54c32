using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// Retries a unit of work that failed on a transient database error (<see cref="TransientDbErrors"/>):
/// a query, a <c>SaveChanges</c> (its own transaction) or a unit wrapped with
/// <see cref="DbUnitOfWork.RunAsync{T}"/>. Inside a transaction the caller opened (the idempotency filter's,
/// an import's) a statement is never retried on its own: the transaction is broken, so the owner of the
/// transaction retries the whole unit — the filter does, safely, because the stored response and the effect
/// commit together. Results are not buffered (streaming queries stay streaming): only the start of a query
/// is retried, which is before any row reached the caller.
/// </summary>
public sealed class PortalExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetries = 4) : IExecutionStrategy
{
    private static readonly AsyncLocal<bool> Running = new();

    /// <summary>False: EF must not buffer results for us; we retry only what is safe to retry unbuffered.</summary>
    public bool RetriesOnFailure => false;

    public TResult Execute<TState, TResult>(TState state, Func<DbContext, TState, TResult> operation, Func<DbContext, TState, ExecutionResult<TResult>>? verifySucceeded)
    {
        var context = dependencies.CurrentContext.Context;
        if (Running.Value || context.Database.CurrentTransaction is not null)
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
        if (Running.Value || context.Database.CurrentTransaction is not null)
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

/// <summary>
/// A unit of work in one transaction, retried as a whole on transient errors when this call owns the
/// transaction; inside a transaction opened by a caller (the idempotency filter) it joins that
/// transaction and leaves retrying to its owner.
/// </summary>
public static class DbUnitOfWork
{
    public static async Task<T> RunAsync<T>(this PortalDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work(cancellationToken);
        }
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var result = await work(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (Exception ex) when (attempt < 3 && TransientDbErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(PortalExecutionStrategy.Delay(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A transaction for this unit unless the caller already opened one (then null: the caller commits).
    /// For units that are not safe to re-run on their own.
    /// </summary>
    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginOrJoinAsync(this PortalDbContext db, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
}
