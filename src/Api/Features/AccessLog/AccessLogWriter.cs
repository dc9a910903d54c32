using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Portal.Api.Features.AccessLog;

/// <summary>
/// Takes access-log entries off the request path and writes them in batches, so that logging every
/// request costs a queue write, not a database round trip. <see cref="FlushAsync"/> waits until what
/// this instance has queued so far is stored (the access-log endpoint calls it for read-your-writes).
/// A batch gathers for up to <see cref="Linger"/> and is written on PostgreSQL with one binary COPY (on
/// SQLite with EF Core): under load the log costs a few database statements per second, not one per request.
/// </summary>
public sealed class AccessLogWriter(IServiceScopeFactory scopes, ILogger<AccessLogWriter> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);
    private readonly Channel<AccessLogEntry> _queue = Channel.CreateBounded<AccessLogEntry>(new BoundedChannelOptions(50_000)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });
    private long _enqueued;
    private long _stored;

    public void Enqueue(AccessLogEntry entry)
    {
        Interlocked.Increment(ref _enqueued);
        if (!_queue.Writer.TryWrite(entry))
        {
            // Full: the database is far behind. Block this request rather than lose a GDPR record.
            _queue.Writer.WriteAsync(entry).AsTask().GetAwaiter().GetResult();
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _enqueued);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Interlocked.Read(ref _stored) < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AccessLogEntry>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (_queue.Reader.Count < MaxBatch)
                {
                    await Task.Delay(Linger, stoppingToken);
                }
                await DrainAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Shutting down: store what is left.
        await DrainAsync(batch, CancellationToken.None);
    }

    private async Task DrainAsync(List<AccessLogEntry> batch, CancellationToken cancellationToken)
    {
        while (_queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
            if (batch.Count == MaxBatch)
            {
                await StoreAsync(batch, cancellationToken);
            }
        }
        if (batch.Count > 0)
        {
            await StoreAsync(batch, cancellationToken);
        }
    }

    private async Task StoreAsync(List<AccessLogEntry> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                if (db.Database.IsNpgsql())
                {
                    await CopyAsync(db, batch, cancellationToken);
                }
                else
                {
                    db.AccessLog.AddRange(batch);
                    await db.SaveChangesAsync(cancellationToken);
                }
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 5)
            {
                logger.LogWarning(ex, "Storing {Count} access-log entries failed (attempt {Attempt}); retrying.", batch.Count, attempt);
                foreach (var entry in batch)
                {
                    entry.Id = 0;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
        Interlocked.Add(ref _stored, batch.Count);
        batch.Clear();
    }

    private static async Task CopyAsync(PortalDbContext db, List<AccessLogEntry> batch, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                "COPY access_log (time, client_id, user_id, customer_id, action, resource, outcome, ip, request_id, detail) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            foreach (var entry in batch)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(entry.Time.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(entry.ClientId, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(importer, entry.UserId, NpgsqlDbType.Uuid, cancellationToken);
                await WriteNullableAsync(importer, entry.CustomerId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(entry.Action, NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync(entry.Resource, NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync(entry.Outcome, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(importer, entry.Ip, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(importer, entry.RequestId, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(importer, entry.Detail, NpgsqlDbType.Varchar, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, Guid? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is not null ? importer.WriteAsync(value, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
