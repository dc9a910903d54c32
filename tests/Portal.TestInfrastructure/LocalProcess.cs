using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.TestInfrastructure;

/// <summary>Runs the server binaries the fixtures start (PostgreSQL, Redis) and finds free ports.</summary>
internal static class LocalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static string Run(string fileName, IEnumerable<string> arguments, string? runAsUser = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is not null)
        {
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAsUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(fileName);
        }
        else
        {
            start.FileName = fileName;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in time.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
        return stdout.Result;
    }

    /// <summary>
    /// Runs <paramref name="stopCommand"/> (a shell command) once this test process has ended, however it ends:
    /// a detached watcher polls for the process and then stops what the fixture started. The fixtures' own
    /// ProcessExit handlers do not run when the test host is killed or a run is aborted, which left servers behind.
    /// </summary>
    public static void StopWhenThisProcessEnds(string stopCommand)
    {
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 1; done; {stopCommand}";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var watcher = Process.Start(start);
    }

    /// <summary>A word for a POSIX shell command line, single-quoted.</summary>
    public static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string? FindExecutable(string name, params string[] extraCandidates)
    {
        foreach (var candidate in extraCandidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }
}
