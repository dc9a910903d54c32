using System.Text;
using System.Text.Json;
using Portal.Load;

// Portal.Load seed|run|sample [--name value ...]; see bench/README.md.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        usage: Portal.Load <command> [--name value ...]
          common: --url http://127.0.0.1:5080 --client-id ID --client-secret SECRET --dir DIR (seed data: accounts.txt, seed.json)
                  (or env PORTAL_BENCH_URL, PORTAL_BENCH_CLIENT_ID, PORTAL_BENCH_CLIENT_SECRET, PORTAL_BENCH_DIR)
          seed    --products 100000 --accounts 5000 --conditions 1000000 --parallel 2 --account-parallel 16
          run     --mode warm|cold --rate 500 --duration 30 [--lines 50 --warm-accounts 10 --warm-carts 10
                  --connections 256 --timeout 10 --max-in-flight 2000 --seed 42 --target URL]
                  --target: the measured requests go to URL instead (the same bodies and headers; the pre-warm and the
                  token still go to --url): bench/run.sh measures the minimal app's own latency at the same rate
          sample  --out DIR   writes cart.json (a warm 50-line request), response.json (the server's answer,
                              byte for byte), account.txt and token.txt, for wrk and PUT /bench/bare
        """);
    return 0;
}

var command = args[0];
var options = new Options(args[1..]);
string Setting(string name, string env, string fallback) => options.String(name, Environment.GetEnvironmentVariable(env) is { Length: > 0 } v ? v : fallback);
var url = Setting("url", "PORTAL_BENCH_URL", "http://127.0.0.1:5080");
var clientId = Setting("client-id", "PORTAL_BENCH_CLIENT_ID", "portal-demo");
var secret = Setting("client-secret", "PORTAL_BENCH_CLIENT_SECRET", "portal-demo-secret");
var directory = Setting("dir", "PORTAL_BENCH_DIR", "bench-data");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var timeout = TimeSpan.FromSeconds(options.Double("timeout", command == "seed" ? 600 : 10));
using var client = new PortalClient(url, clientId, secret, options.Int("connections", 256), timeout);

try
{
    switch (command)
    {
        case "seed":
        {
            var data = new DataSet(options.Int("products", 100_000), options.Int("accounts", 5_000), options.Int("conditions", 1_000_000));
            await new Seeder(client, data, directory, options.Int("parallel", 2), options.Int("account-parallel", 16)).RunAsync(stop.Token);
            return 0;
        }
        case "run":
        case "sample":
        {
            var manifest = JsonSerializer.Deserialize<SeedManifest>(await File.ReadAllTextAsync(Path.Combine(directory, "seed.json")), DataSet.Json)
                ?? throw new InvalidOperationException("seed.json is empty.");
            var accounts = (await File.ReadAllLinesAsync(Path.Combine(directory, "accounts.txt"))).Where(l => l.Length > 0).Select(Guid.Parse).ToList();
            var data = new DataSet(manifest.Products, accounts.Count, manifest.Conditions);
            var runner = new LoadRunner(client, data, accounts, options);
            if (command == "run")
            {
                return await runner.RunAsync(stop.Token);
            }
            var outDir = options.String("out", directory);
            Directory.CreateDirectory(outDir);
            var (account, body) = runner.WarmSet(options.Int("lines", 50))[0];
            var (status, answer) = await client.SendJsonAsync(HttpMethod.Post, "api/v1/price-calculations", body, account, stop.Token);
            if ((int)status != 200)
            {
                throw new InvalidOperationException($"POST /api/v1/price-calculations answered {(int)status}: {Encoding.UTF8.GetString(answer)}");
            }
            await File.WriteAllBytesAsync(Path.Combine(outDir, "cart.json"), body, stop.Token);
            await File.WriteAllBytesAsync(Path.Combine(outDir, "response.json"), answer, stop.Token);
            await File.WriteAllTextAsync(Path.Combine(outDir, "account.txt"), account.ToString(), stop.Token);
            await File.WriteAllTextAsync(Path.Combine(outDir, "token.txt"), await client.TokenAsync(stop.Token), stop.Token);
            using var json = JsonDocument.Parse(answer);
            var sources = json.RootElement.GetProperty("lines").EnumerateArray()
                .GroupBy(l => l.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "error:" + l.GetProperty("error").GetProperty("code").GetString())
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"sample: {json.RootElement.GetProperty("lines").GetArrayLength()} lines, {answer.Length:N0} bytes, total {json.RootElement.GetProperty("total")} {json.RootElement.GetProperty("currency")}; sources: {string.Join(", ", sources)}");
            Console.WriteLine($"sample: request in {Path.Combine(outDir, "cart.json")}, answer in {Path.Combine(outDir, "response.json")}");
            return 0;
        }
        default:
            Console.Error.WriteLine($"Unknown command '{command}'; see --help.");
            return 2;
    }
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or ArgumentException or IOException or JsonException)
{
    Console.Error.WriteLine($"{command} failed: {ex.Message}");
    return 1;
}
