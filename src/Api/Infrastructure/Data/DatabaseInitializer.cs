using Portal.Api.Hosting.Demo;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// Brings the store to the current schema and content before the API takes requests: PostgreSQL through
/// the migrations in the repo; the embedded SQLite file from the model (recreated when the model changed:
/// it only ever holds demo data); then the bootstrap client and, where enabled, the demo data set.
/// </summary>
public sealed class DatabaseInitializer(
    PortalDbContext db,
    DatabaseMode mode,
    IOptions<PortalOptions> options,
    BootstrapClientProvisioner bootstrap,
    DemoDataSeeder demoData,
    Tenancy.TenantScope tenant,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>
    /// Schema, bootstrap client and demo data. Every step is safe to repeat, so a start-up that meets a
    /// dropped connection (a database restarting, a terminated backend) tries again instead of crashing.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InitializeOnceAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 10 && TransientDbErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Start-up database work failed on a transient error ({Error}); attempt {Attempt} follows", ex.GetType().Name, attempt + 1);
                db.ChangeTracker.Clear();
                await db.Database.CloseConnectionAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    private async Task InitializeOnceAsync(CancellationToken cancellationToken)
    {
        // Start-up work spans all accounts.
        tenant.AcrossAccounts();
        if (mode.IsEmbedded)
        {
            await EnsureEmbeddedSchemaAsync(cancellationToken);
        }
        else
        {
            // EF Core takes a database lock while migrating, so instances starting together apply each
            // migration once.
            await db.Database.MigrateAsync(cancellationToken);
        }

        await bootstrap.EnsureAsync(cancellationToken);

        if (options.Value.SeedDemoData ?? mode.IsEmbedded)
        {
            await demoData.SeedAsync(cancellationToken);
        }
    }

    private async Task EnsureEmbeddedSchemaAsync(CancellationToken cancellationToken)
    {
        var script = db.Database.GenerateCreateScript();
        var modelHash = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(script)), 0) & int.MaxValue;

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var current = await ScalarAsync("PRAGMA user_version;", cancellationToken);
            if (current != modelHash && current != 0)
            {
                logger.LogWarning("The embedded database was made for another version of the model; recreating it with fresh demo data.");
                await db.Database.EnsureDeletedAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (await db.Database.EnsureCreatedAsync(cancellationToken))
        {
            var setVersion = "PRAGMA user_version = " + modelHash.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
            await db.Database.ExecuteSqlRawAsync(setVersion, cancellationToken);
        }
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
