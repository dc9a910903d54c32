using System.Net.Sockets;
using Npgsql;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// Which database failures are worth a retry: a dropped or terminated connection, a server shutting down
/// or refusing connections, a pool timeout, a serialization failure, a deadlock, a lock wait that timed
/// out. Such a failure leaves nothing half-done (the transaction rolled back), so the whole unit of work
/// may run again; everything else is a bug or bad data and is not retried.
/// </summary>
public static class TransientDbErrors
{
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // Class 08 connection exception, 40001 serialization, 40P01 deadlock, 53 resources,
                    // 55P03 lock not available, 57P01-57P05 shutdowns/terminations, 58 system errors.
                    return postgres.IsTransient
                        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || postgres.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case NpgsqlException npgsql when npgsql.InnerException is IOException or SocketException or EndOfStreamException or TimeoutException:
                    return true;
                case Microsoft.Data.Sqlite.SqliteException sqlite when sqlite.SqliteErrorCode is 5 or 6: // SQLITE_BUSY, SQLITE_LOCKED
                    return true;
                case TimeoutException or UnitOfWorkConnectionLostException:
                    return true;
                case InvalidOperationException when e.Message.Contains("transient failure", StringComparison.OrdinalIgnoreCase):
                    return true;
                // The connection broke under a transaction (the transaction was completed by the break): EF
                // attaches the dead transaction to the next command, which fails before it runs. Nothing after
                // the break ran, nothing of the unit committed: the unit may run again.
                case InvalidOperationException when e.Message.Contains("Transaction is already completed", StringComparison.Ordinal)
                                                  || e.Message.Contains("NpgsqlTransaction has completed", StringComparison.Ordinal):
                    return true;
                case Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException:
                    return true;
            }
        }
        return false;
    }
}
