namespace Portal.TestInfrastructure;

/// <summary>
/// A throwaway Redis server for one test run (no persistence), stopped when the test process exits.
/// Each test class takes its own logical database, so keys never leak between classes. Set
/// PORTAL_TEST_REDIS to host:port to use an existing server instead.
/// </summary>
public sealed class RedisServer
{
    private const int Databases = 1024;
    private static readonly Lazy<RedisServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databaseCounter;

    private readonly string? _cli;
    private readonly string? _pidFile;

    private RedisServer(string endpoint, string? cli, string? pidFile)
    {
        Endpoint = endpoint;
        _cli = cli;
        _pidFile = pidFile;
    }

    public static RedisServer Instance => Shared.Value;

    public string Endpoint { get; }

    /// <summary>A StackExchange.Redis configuration string for a database of its own.</summary>
    public string CreateConfiguration()
    {
        var database = Interlocked.Increment(ref _databaseCounter) % Databases;
        return $"{Endpoint},defaultDatabase={database},abortConnect=false";
    }

    private static RedisServer Start()
    {
        var external = Environment.GetEnvironmentVariable("PORTAL_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new RedisServer(external, null, null);
        }
        var server = LocalProcess.FindExecutable("redis-server", "/usr/bin/redis-server")
            ?? throw new InvalidOperationException("redis-server was not found. Run ./test.sh (it installs it) or set PORTAL_TEST_REDIS.");
        var cli = LocalProcess.FindExecutable("redis-cli", "/usr/bin/redis-cli")
            ?? throw new InvalidOperationException("redis-cli was not found.");
        var port = LocalProcess.FreePort();
        var pidFile = Path.Combine(Path.GetTempPath(), $"portal-redis-{port}.pid");
        LocalProcess.Run(server,
        [
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidFile,
            "--databases", Databases.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--logfile", Path.Combine(Path.GetTempPath(), $"portal-redis-{port}.log"),
        ]);
        var endpoint = $"127.0.0.1:{port}";
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if (LocalProcess.Run(cli, ["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "ping"]).Trim() == "PONG")
                {
                    break;
                }
            }
            catch (InvalidOperationException)
            {
            }
            Thread.Sleep(50);
        }
        var redis = new RedisServer(endpoint, cli, pidFile);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => redis.Stop(port);
        LocalProcess.StopWhenThisProcessEnds($"{LocalProcess.ShellQuote(cli)} -p {port} shutdown nosave; rm -f {LocalProcess.ShellQuote(pidFile)}");
        return redis;
    }

    private void Stop(int port)
    {
        if (_cli is null)
        {
            return;
        }
        try
        {
            LocalProcess.Run(_cli, ["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "shutdown", "nosave"], timeout: TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // redis-cli reports the closed connection of a successful shutdown as an error on some versions.
        }
        if (_pidFile is not null && File.Exists(_pidFile))
        {
            File.Delete(_pidFile);
        }
    }
}
