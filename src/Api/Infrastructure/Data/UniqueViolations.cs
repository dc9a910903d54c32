using Npgsql;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// A write refused by a unique index: another request stored the same email, code, number or name between this
/// request's check and its insert. Nothing was written; the caller answers 409, not 500.
/// </summary>
public static class UniqueViolations
{
    /// <summary>True when <paramref name="exception"/> (or an inner one) is PostgreSQL's 23505 or SQLite's UNIQUE or PRIMARY KEY constraint.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState == PostgresErrorCodes.UniqueViolation;
                case Microsoft.Data.Sqlite.SqliteException sqlite:
                    return sqlite.SqliteExtendedErrorCode is 2067 or 1555; // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
            }
        }
        return false;
    }
}
