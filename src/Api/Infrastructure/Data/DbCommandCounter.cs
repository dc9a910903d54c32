using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// Counts the database commands EF Core sends (one per round trip), so tests and benchmarks can check
/// claims such as "a cold price calculation is one round trip" instead of asserting timings.
/// </summary>
public sealed class DbCommandCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<bool> Excluded = new();
    private long _commands;

    public long Commands => Interlocked.Read(ref _commands);

    /// <summary>
    /// Leaves the commands of the calling flow (a background loop such as the outbox dispatcher, which polls on
    /// its own schedule) out of the count, so a count taken around a request is that request's.
    /// </summary>
    public static void ExcludeThisFlow() => Excluded.Value = true;

    private void Count()
    {
        if (!Excluded.Value)
        {
            Interlocked.Increment(ref _commands);
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count();
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count();
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}
