using System.Globalization;

namespace Portal.TestInfrastructure;

/// <summary>
/// A Redis server of one test's own (not the shared one), so the test can shut it down, restart it on the
/// same port and pause it (CLIENT PAUSE) while API processes use it.
/// </summary>
public sealed class DedicatedRedis : IDisposable
{
    private readonly string _server;
    private readonly string _cli;
    private readonly string _directory;

    public DedicatedRedis()
    {
        _server = LocalProcess.FindExecutable("redis-server", "/usr/bin/redis-server")
            ?? throw new InvalidOperationException("redis-server was not found. Run ./test.sh (it installs it).");
        _cli = LocalProcess.FindExecutable("redis-cli", "/usr/bin/redis-cli")
            ?? throw new InvalidOperationException("redis-cli was not found.");
        Port = LocalProcess.FreePort();
        _directory = Path.Combine(Path.GetTempPath(), $"portal-redis-dedicated-{Port}");
        Directory.CreateDirectory(_directory);
        LocalProcess.StopWhenThisProcessEnds($"{LocalProcess.ShellQuote(_cli)} -p {Port} shutdown nosave; rm -rf {LocalProcess.ShellQuote(_directory)}");
        Start();
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The configuration string the API processes get.</summary>
    public string Configuration => $"{Endpoint},abortConnect=false";

    public bool Running { get; private set; }

    public void Start()
    {
        LocalProcess.Run(_server,
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--pidfile", Path.Combine(_directory, "redis.pid"), "--logfile", Path.Combine(_directory, "redis.log"),
            "--dir", _directory,
        ]);
        for (var i = 0; i < 100; i++)
        {
            if (Ping())
            {
                Running = true;
                return;
            }
            Thread.Sleep(50);
        }
        throw new InvalidOperationException("The dedicated Redis did not start.");
    }

    /// <summary><c>redis-cli shutdown nosave</c>: the server process ends, connections drop.</summary>
    public void Shutdown()
    {
        try
        {
            LocalProcess.Run(_cli, ["-p", Port.ToString(CultureInfo.InvariantCulture), "shutdown", "nosave"], timeout: TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // redis-cli reports the closed connection of a successful shutdown as an error on some versions.
        }
        for (var i = 0; i < 100 && Ping(); i++)
        {
            Thread.Sleep(50);
        }
        Running = false;
    }

    /// <summary><c>CLIENT PAUSE ms ALL</c>: the server keeps its connections but answers no command until the pause ends.</summary>
    public void Pause(TimeSpan duration) =>
        LocalProcess.Run(_cli, ["-p", Port.ToString(CultureInfo.InvariantCulture), "client", "pause", ((int)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "ALL"]);

    public bool Ping()
    {
        try
        {
            return LocalProcess.Run(_cli, ["-p", Port.ToString(CultureInfo.InvariantCulture), "ping"], timeout: TimeSpan.FromSeconds(5)).Trim() == "PONG";
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Running)
        {
            Shutdown();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
