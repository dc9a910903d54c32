using Npgsql;

namespace Portal.TestInfrastructure;

/// <summary>
/// A throwaway PostgreSQL server for one test run: initdb into a temp directory, started on a free
/// loopback port with durability off (tests need speed, not crash safety), stopped and deleted when the
/// test process exits. Set PORTAL_TEST_POSTGRES to a connection string to use an existing server instead.
/// Each test class gets its own database, cloned from a migrated template in milliseconds.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databaseCounter;

    private readonly string? _dataDirectory;
    private readonly string? _pgCtl;
    private readonly string? _runAs;
    private readonly object _templateLock = new();
    private bool _templateReady;

    private PostgresServer(string adminConnectionString, string? dataDirectory, string? pgCtl, string? runAs)
    {
        AdminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _pgCtl = pgCtl;
        _runAs = runAs;
    }

    public static PostgresServer Instance => Shared.Value;

    /// <summary>Connection string of the maintenance database (postgres) as superuser.</summary>
    public string AdminConnectionString { get; }

    private static PostgresServer Start()
    {
        var external = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null, null, null);
        }

        var bin = FindBinDirectory();
        var runAs = LocalProcess.IsRoot ? "postgres" : null;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "portal-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        if (runAs is not null)
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres system user.
            LocalProcess.Run("chown", [runAs, dataDirectory]);
        }
        LocalProcess.Run("chmod", ["700", dataDirectory]);
        var data = Path.Combine(dataDirectory, "data");
        LocalProcess.Run(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            runAs);

        var port = LocalProcess.FreePort();
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var options = $"-c listen_addresses=127.0.0.1 -p {port} -k {dataDirectory} -c fsync=off -c synchronous_commit=off " +
                      "-c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB";
        LocalProcess.Run(pgCtl, ["-D", data, "-w", "-t", "60", "-l", Path.Combine(dataDirectory, "server.log"), "-o", options, "start"], runAs);

        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Include Error Detail=true",
            dataDirectory, pgCtl, runAs);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        var stop = $"{LocalProcess.ShellQuote(pgCtl)} -D {LocalProcess.ShellQuote(data)} -m immediate -w stop";
        LocalProcess.StopWhenThisProcessEnds(
            (runAs is null ? stop : $"runuser -u {runAs} -- {stop}") + $"; rm -rf {LocalProcess.ShellQuote(dataDirectory)}");
        return server;
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("PORTAL_TEST_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries were not found under /usr/lib/postgresql. Run ./test.sh (it installs them) or set PORTAL_TEST_POSTGRES.");
    }

    /// <summary>
    /// Creates an empty database migrated to the current schema and returns its connection string.
    /// <paramref name="migrate"/> applies the schema to the template (once per run).
    /// </summary>
    public string CreateDatabase(Action<string> migrate)
    {
        lock (_templateLock)
        {
            if (!_templateReady)
            {
                Execute("DROP DATABASE IF EXISTS portal_template");
                Execute("CREATE DATABASE portal_template");
                migrate(For("portal_template", pooling: false));
                NpgsqlConnection.ClearAllPools();
                _templateReady = true;
            }
        }
        var name = $"portal_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        Execute($"CREATE DATABASE {name} TEMPLATE portal_template");
        return For(name, pooling: true);
    }

    /// <summary>An empty database without schema (for tests of the migrations themselves).</summary>
    public string CreateEmptyDatabase()
    {
        var name = $"portal_empty_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        Execute($"CREATE DATABASE {name}");
        return For(name, pooling: true);
    }

    private string For(string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = pooling, MaxPoolSize = 20 }.ConnectionString;

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Stop()
    {
        if (_pgCtl is null || _dataDirectory is null)
        {
            return;
        }
        try
        {
            LocalProcess.Run(_pgCtl, ["-D", Path.Combine(_dataDirectory, "data"), "-m", "immediate", "-w", "stop"], _runAs, TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"Stopping the test PostgreSQL server failed: {ex.Message}");
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
