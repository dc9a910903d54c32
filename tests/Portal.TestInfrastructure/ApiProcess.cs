using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Portal.TestInfrastructure;

/// <summary>
/// The API as a separate operating-system process (<c>dotnet Portal.Api.dll</c>, built in the same
/// configuration as the tests) on a free port, with its configuration in environment variables as in
/// production — so a test can kill it with SIGKILL mid-request and start it again.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _log = new();
    private Process? _process;

    public ApiProcess(string name, IDictionary<string, string> environment)
    {
        Name = name;
        _environment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        Port = LocalProcess.FreePort();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public bool Running => _process is { HasExited: false };

    /// <summary>The API's output (JSON log lines), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Portal.Api.dll of this build: src/Api/bin/{Debug|Release}/net10.0, found from the test's own output folder.</summary>
    public static string ApiAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                var path = Path.Combine(dir.FullName, "src", "Api", "bin", configuration, "net10.0", "Portal.Api.dll");
                return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution in {configuration} first.");
            }
        }
        throw new InvalidOperationException("The repository root (Portal.sln) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Starts the process and waits until /health/live answers.</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var assembly = ApiAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the API.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        LocalProcess.StopWhenThisProcessEnds($"grep -qs Portal.Api /proc/{process.Id}/cmdline && kill -9 {process.Id}");

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The API process {Name} exited with {process.ExitCode}:\n{Tail()}");
            }
            try
            {
                using var response = await http.GetAsync("/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The API process {Name} did not become live:\n{Tail()}");
    }

    /// <summary>SIGKILL: the process ends at once, mid-request, without any clean-up.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false); // SIGKILL on Unix
            process.WaitForExit(10_000);
        }
    }

    /// <summary>An HTTP client of this instance holding a token of the given OAuth client.</summary>
    /// <summary>
    /// The random secret this process's demo seeding logged for a demo client id or the demo punchout identity:
    /// demo data on PostgreSQL never gets the secrets published in the README (they are written once to the log).
    /// </summary>
    public string DemoSecret(string id)
    {
        var match = System.Text.RegularExpressions.Regex.Match(Log,
            "(?:client|identity) " + System.Text.RegularExpressions.Regex.Escape(id) + @"\b[^\n]*?has the random (?:shared )?secret ([A-Za-z0-9_-]+)");
        return match.Success
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"Instance {Name} logged no demo secret for {id} (only the instance that seeds logs them).");
    }

    public async Task<HttpClient> ClientAsync(string clientId, string clientSecret, TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        if (!response.IsSuccessStatusCode || body is null || !body.TryGetValue("access_token", out var token))
        {
            throw new InvalidOperationException($"Token request for {clientId} on {Name} failed: {(int)response.StatusCode}");
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.ToString());
        return http;
    }

    public string Tail(int lines = 40)
    {
        var all = Log.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>Where the process's output is also written (kept after the test for diagnosis).</summary>
    public string LogFile => Path.Combine(Path.GetTempPath(), $"portal-api-{Name}-{Port}.log");

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            File.AppendAllText(LogFile, line + "\n");
            if (_log.Length > 4_000_000)
            {
                _log.Remove(0, 2_000_000);
            }
            _log.AppendLine(line);
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }
}
