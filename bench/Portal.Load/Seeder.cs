using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Portal.Load;

/// <summary>
/// `seed`: products (POST /api/v1/products/batch), customer accounts (POST /api/v1/customers) and price
/// conditions (PUT /api/v1/pricing/conditions), all through the public API as the supplier admin.
/// Writes accounts.txt (one account id a line) and seed.json into the data directory.
/// </summary>
public sealed class Seeder(PortalClient client, DataSet data, string directory, int parallel, int accountParallel)
{
    public const int ProductBatch = 5_000;
    public const int ConditionBatch = 10_000;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var total = Stopwatch.StartNew();
        Console.WriteLine($"seed: {data.Products:N0} products, {data.Accounts:N0} accounts, {data.Conditions:N0} conditions -> {client.BaseAddress}");

        await PhaseAsync("products", data.Products, ProductBatch, parallel,
            Enumerable.Range(0, data.Products).Select(data.Product),
            batch => JsonSerializer.SerializeToUtf8Bytes(new { products = batch }, DataSet.Json),
            HttpMethod.Post, "api/v1/products/batch", cancellationToken);

        var accounts = await CreateAccountsAsync(cancellationToken);
        await File.WriteAllLinesAsync(Path.Combine(directory, "accounts.txt"), accounts.Select(a => a.ToString()), cancellationToken);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sent = await PhaseAsync("conditions", data.Conditions, ConditionBatch, parallel,
            data.AllConditions(accounts, today),
            batch => JsonSerializer.SerializeToUtf8Bytes(new { conditions = batch }, DataSet.Json),
            HttpMethod.Put, "api/v1/pricing/conditions", cancellationToken);

        var manifest = new SeedManifest(data.Products, accounts.Count, sent, DataSet.GroupCount, DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(Path.Combine(directory, "seed.json"), JsonSerializer.Serialize(manifest, DataSet.Json), cancellationToken);
        Console.WriteLine($"seed: done in {total.Elapsed.TotalSeconds:F1} s; account ids in {Path.Combine(directory, "accounts.txt")}");
    }

    /// <summary>Sends <paramref name="rows"/> in batches with bounded parallelism; retries a failed batch (upserts are idempotent).</summary>
    private async Task<int> PhaseAsync<T>(
        string name, int expected, int batchSize, int degree, IEnumerable<T> rows, Func<T[], byte[]> serialize,
        HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var done = 0;
        var nextReport = 0.1;
        var slowest = TimeSpan.Zero;
        await Parallel.ForEachAsync(rows.Chunk(batchSize), new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            var body = serialize(batch);
            var call = Stopwatch.StartNew();
            await SendWithRetryAsync(method, path, body, $"{name} batch of {batch.Length}", ct);
            call.Stop();
            lock (watch)
            {
                done += batch.Length;
                if (call.Elapsed > slowest)
                {
                    slowest = call.Elapsed;
                }
                if (done >= expected * nextReport || done == expected)
                {
                    Console.WriteLine($"  {name}: {done:N0}/{expected:N0} ({done / watch.Elapsed.TotalSeconds:N0}/s, last batch {call.Elapsed.TotalSeconds:F2} s)");
                    while (nextReport <= (double)done / Math.Max(1, expected))
                    {
                        nextReport += 0.1;
                    }
                }
            }
        });
        Console.WriteLine($"RESULT seed-{name} rows={done} seconds={watch.Elapsed.TotalSeconds:F1} rows_per_s={done / Math.Max(0.001, watch.Elapsed.TotalSeconds):F0} slowest_batch_s={slowest.TotalSeconds:F2}");
        return done;
    }

    private async Task SendWithRetryAsync(HttpMethod method, string path, byte[] body, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpStatusCode status;
            string detail;
            try
            {
                var (code, answer) = await client.SendJsonAsync(method, path, body, null, cancellationToken);
                if ((int)code is >= 200 and < 300)
                {
                    return;
                }
                status = code;
                detail = Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 2000)));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                status = 0;
                detail = ex.Message;
            }
            // 400 is final (the data set is wrong); 409/429/5xx/timeouts are worth another try.
            if (status == HttpStatusCode.BadRequest || attempt >= 4)
            {
                throw new InvalidOperationException($"{what}: {method} /{path} failed ({(int)status}) after {attempt} attempt(s): {detail}");
            }
            Console.WriteLine($"  {what}: {(int)status} {detail[..Math.Min(detail.Length, 300)]} — retrying");
            await Task.Delay(TimeSpan.FromSeconds(2 * attempt), cancellationToken);
        }
    }

    private async Task<List<Guid>> CreateAccountsAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var ids = new Guid[data.Accounts];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, data.Accounts), new ParallelOptions { MaxDegreeOfParallelism = accountParallel, CancellationToken = cancellationToken }, async (a, ct) =>
        {
            var number = $"B{a:D6}";
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                name = $"Bench Customer {a} GmbH",
                customerGroup = DataSet.Group(a),
                currency = "EUR",
                number,
                pricingStrategy = a % 10 == 9 ? "lowestPrice" : "priority",
                regulatedGoodsApproved = a % 5 != 4,
            }, DataSet.Json);
            for (var attempt = 1; ; attempt++)
            {
                var (status, answer) = await client.SendJsonAsync(HttpMethod.Post, "api/v1/customers", body, null, ct);
                if (status == HttpStatusCode.Created || status == HttpStatusCode.OK)
                {
                    using var json = JsonDocument.Parse(answer);
                    ids[a] = json.RootElement.GetProperty("id").GetGuid();
                    break;
                }
                if (status == HttpStatusCode.Conflict)
                {
                    // Seeded before (same number): take the existing account.
                    ids[a] = await FindAccountAsync(number, ct);
                    break;
                }
                if (status == HttpStatusCode.BadRequest || attempt >= 4)
                {
                    throw new InvalidOperationException($"POST /api/v1/customers answered {(int)status}: {Encoding.UTF8.GetString(answer)}");
                }
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
            var n = Interlocked.Increment(ref done);
            if (n % Math.Max(1, data.Accounts / 5) == 0)
            {
                Console.WriteLine($"  accounts: {n:N0}/{data.Accounts:N0} ({n / watch.Elapsed.TotalSeconds:N0}/s)");
            }
        });
        Console.WriteLine($"RESULT seed-accounts rows={data.Accounts} seconds={watch.Elapsed.TotalSeconds:F1} rows_per_s={data.Accounts / Math.Max(0.001, watch.Elapsed.TotalSeconds):F0}");
        return [.. ids];
    }

    private async Task<Guid> FindAccountAsync(string number, CancellationToken cancellationToken)
    {
        var token = await client.TokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/customers?q={Uri.EscapeDataString(number)}&limit=5");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
        {
            if (item.GetProperty("number").GetString() == number)
            {
                return item.GetProperty("id").GetGuid();
            }
        }
        throw new InvalidOperationException($"Account {number} exists (409) but was not found by GET /api/v1/customers?q={number}.");
    }
}
