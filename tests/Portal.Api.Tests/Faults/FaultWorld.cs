using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Portal.Api.Hosting.Demo;
using Portal.Api.Tests.Punchout;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Faults;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "Faults (real processes)";
}

/// <summary>
/// Two API processes (<c>dotnet Portal.Api.dll</c>) on one PostgreSQL database and one Redis server of
/// their own, for the fault tests: backends terminated, an instance killed with SIGKILL and restarted,
/// Redis shut down, restarted and paused.
/// </summary>
public sealed class FaultWorld : IAsyncLifetime
{
    public const string AdminId = "fault-admin";
    public const string AdminSecret = "fault-admin-secret-7d2e";

    public string ConnectionString { get; } = PortalApiFactory.CreateMigratedDatabase();

    public DedicatedRedis Redis { get; } = new();

    public ApiProcess[] Instances { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Portal"] = ConnectionString,
            ["Redis__Configuration"] = Redis.Configuration,
            ["Portal__Bootstrap__ClientId"] = AdminId,
            ["Portal__Bootstrap__ClientSecret"] = AdminSecret,
            ["Portal__SeedDemoData"] = "true",
            ["Portal__PublicBaseUrl"] = "http://localhost",
            // A killed instance's reservations are free after two seconds.
            ["Portal__Idempotency__Lease"] = "00:00:02",
            ["Portal__RateLimit__PermitPerMinute"] = "100000",
            ["Portal__RateLimit__CxmlPermitPerMinute"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Portal.Api.Infrastructure.Caching"] = "Information",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = Environment.GetEnvironmentVariable("PORTAL_FAULT_SQL_LOG") ?? "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = Environment.GetEnvironmentVariable("PORTAL_FAULT_SQL_LOG") ?? "Warning",
        };
        Instances = [new ApiProcess("A", environment), new ApiProcess("B", environment)];
        await Instances[0].StartAsync(); // seeds the demo data; the second finds it there
        await Instances[1].StartAsync();

        // Warm both processes (JIT, EF query compilation) so that the tests time faults, not a cold start.
        var clients = await OrderClients.CreateAsync(this);
        for (var i = 0; i < Instances.Length; i++)
        {
            foreach (var kind in new[] { OrderKind.Json, OrderKind.Csv })
            {
                var key = $"WARM-{i}-{kind}-{Guid.NewGuid():N}"[..40];
                await clients.PlaceUntilAcknowledgedAsync(kind, key, key, i, TimeSpan.FromSeconds(60));
            }
            using var price = await clients.Buyer(i).PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku = "FAS-1008", quantity = 3 } } });
        }
    }

    public Task DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            instance.Dispose();
        }
        Redis.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Terminates every client backend of the test database (pg_terminate_backend); returns how many.</summary>
    public async Task<int> TerminateBackendsAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
            connection);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    public Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters) =>
        SqlQuery.QueryAsync(ConnectionString, sql, read, parameters);

    /// <summary>Orders per customer reference with the prefix (each key's order carries its own reference).</summary>
    public async Task<Dictionary<string, List<Guid>>> OrdersByReferenceAsync(string prefix) =>
        (await QueryAsync("SELECT customer_reference, id FROM orders WHERE customer_reference LIKE @p", r => (Reference: r.GetString(0), Id: r.GetGuid(1)), ("p", prefix + "%")))
        .GroupBy(r => r.Reference).ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToList());

    /// <summary>Reservations of keys with the prefix that never completed (a stuck key would be one).</summary>
    public async Task<int> OpenReservationsAsync(string prefix) =>
        (await QueryAsync("SELECT count(*) FROM idempotency_keys WHERE key LIKE @p AND NOT completed", r => r.GetInt64(0), ("p", prefix + "%")))[0] is var n ? (int)n : 0;
}

/// <summary>What a client sends for one key, and how it recognises the acknowledged result.</summary>
public enum OrderKind
{
    Json,
    Csv,
    Cxml,
}

/// <summary>The outcome of placing one key's order until it is acknowledged.</summary>
public sealed record Placement(string Key, string Reference, OrderKind Kind, Guid? OrderId, int Attempts);

/// <summary>
/// Clients that place orders with unique Idempotency-Keys and retry each until it is acknowledged (201,
/// or 200 for imports and cXML), on any instance, counting every answer by status.
/// </summary>
public sealed class OrderClients
{
    private readonly FaultWorld _world;
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentBag<string> _unexpected = [];
    private readonly ConcurrentBag<double> _latencies = [];
    private readonly Dictionary<(int Instance, bool Admin), HttpClient> _clients = [];
    private readonly HttpClient _cxml = new() { Timeout = TimeSpan.FromSeconds(30) };

    private OrderClients(FaultWorld world) => _world = world;

    public static async Task<OrderClients> CreateAsync(FaultWorld world)
    {
        var clients = new OrderClients(world);
        for (var i = 0; i < world.Instances.Length; i++)
        {
            var buyer = DemoDataSeeder.DemoCustomerClients[1];
            var admin = DemoDataSeeder.DemoCustomerClients[0];
            clients._clients[(i, false)] = await world.Instances[i].ClientAsync(buyer.ClientId, world.Instances[0].DemoSecret(buyer.ClientId), TimeSpan.FromSeconds(15));
            clients._clients[(i, true)] = await world.Instances[i].ClientAsync(admin.ClientId, world.Instances[0].DemoSecret(admin.ClientId), TimeSpan.FromSeconds(15));
        }
        return clients;
    }

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    /// <summary>Answers that are neither an acknowledgement nor a retryable refusal (a 500, a 4xx other than 409).</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    public int Count(int status) => _statuses.GetValueOrDefault(status);

    public IReadOnlyCollection<double> Latencies => _latencies;

    public HttpClient Buyer(int instance) => _clients[(instance, false)];

    public HttpClient Admin(int instance) => _clients[(instance, true)];

    public string Body(OrderKind kind, string reference) => kind switch
    {
        // Other whitespace on every attempt would still replay: the fingerprint is canonical JSON.
        OrderKind.Json => $$"""{"lines":[{"sku":"FAS-1008","quantity":2},{"sku":"OFF-1001","quantity":1}],"customerReference":"{{reference}}"}""",
        OrderKind.Csv => $"customer_reference;sku;quantity\n{reference};FAS-1007;3\n{reference};TOL-1002;1\n",
        _ => PunchoutWorld.OrderRequest(reference, [("FAS-1008", null, 2m, 1.5m, "CC-1010")], payloadId: reference + "@faults.example",
            identity: DemoDataSeeder.DemoPunchout.Identity, secret: _world.Instances[0].DemoSecret(DemoDataSeeder.DemoPunchout.Identity)),
    };

    /// <summary>One attempt on one instance: the acknowledged order (Guid.Empty for cXML), or null to retry after the delay.</summary>
    public async Task<(bool Acknowledged, Guid? OrderId, TimeSpan RetryIn)> SendAsync(int instance, OrderKind kind, string key, string reference, bool admin = false)
    {
        var client = _clients[(instance, admin)];
        using var request = kind switch
        {
            OrderKind.Json => new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new StringContent(Body(kind, reference), Encoding.UTF8, "application/json") },
            OrderKind.Csv => new HttpRequestMessage(HttpMethod.Post, "/api/v1/order-imports") { Content = new StringContent(Body(kind, reference), Encoding.UTF8, "text/csv") },
            _ => new HttpRequestMessage(HttpMethod.Post, new Uri(_world.Instances[instance].BaseAddress, "/punchout/cxml")) { Content = new StringContent(Body(kind, reference), Encoding.UTF8, "text/xml") },
        };
        if (kind != OrderKind.Cxml)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await (kind == OrderKind.Cxml ? _cxml : client).SendAsync(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The instance is down (killed) or did not answer: the client does not know whether it worked; it retries.
            _statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            return (false, null, TimeSpan.FromMilliseconds(100));
        }
        using (response)
        {
            _latencies.Add(watch.Elapsed.TotalMilliseconds);
            var status = (int)response.StatusCode;
            _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            var text = await response.Content.ReadAsStringAsync();
            switch (status)
            {
                case 201 when kind == OrderKind.Json:
                    return (true, JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid(), default);
                case 200 when kind == OrderKind.Csv:
                    var orders = JsonDocument.Parse(text).RootElement.GetProperty("orders");
                    return (true, orders[0].GetProperty("id").GetGuid(), default);
                case 200 when kind == OrderKind.Cxml:
                    if (!text.Contains("code=\"200\"", StringComparison.Ordinal))
                    {
                        _unexpected.Add($"{key}: cXML 200 without status 200: {text[..Math.Min(300, text.Length)]}");
                        return (false, null, TimeSpan.FromMilliseconds(200));
                    }
                    return (true, Guid.Empty, default);
                // 429: too many concurrent imports of one client (a per-instance limit) — a refusal to retry after Retry-After.
                case 409 or 429 or 503:
                    var after = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200);
                    return (false, null, after > TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : after);
                default:
                    _unexpected.Add($"{key} on {_world.Instances[instance].Name}: {status} {text[..Math.Min(400, text.Length)]}");
                    return (false, null, TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Retries one key until acknowledged, alternating instances (a retry may reach the other one).</summary>
    public async Task<Placement> PlaceUntilAcknowledgedAsync(OrderKind kind, string key, string reference, int firstInstance, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        for (var attempt = 1; ; attempt++)
        {
            var instance = (firstInstance + attempt - 1) % _world.Instances.Length;
            var (acknowledged, orderId, retryIn) = await SendAsync(instance, kind, key, reference);
            if (acknowledged)
            {
                return new Placement(key, reference, kind, orderId, attempt);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Key {key} ({kind}) was not acknowledged within {limit} ({attempt} attempts): it is stuck.");
            }
            await Task.Delay(retryIn);
        }
    }

    /// <summary>
    /// The closing checks of every fault test: each key has exactly one order, each acknowledged order
    /// exists, no reservation is left open, and a retry of every key answers its order.
    /// </summary>
    public async Task AssertExactlyOnceAsync(string prefix, IReadOnlyCollection<Placement> placements)
    {
        var orders = await _world.OrdersByReferenceAsync(prefix);
        var wrong = placements.Where(p => orders.GetValueOrDefault(p.Reference)?.Count != 1)
            .Select(p => $"{p.Key} ({p.Kind}): {orders.GetValueOrDefault(p.Reference)?.Count ?? 0} orders").ToList();
        Assert.True(wrong.Count == 0, "Keys without exactly one order: " + string.Join(", ", wrong));
        Assert.Equal(placements.Count, orders.Count); // no order without an acknowledged key
        var lost = placements.Where(p => p.OrderId is { } id && id != Guid.Empty && !orders[p.Reference].Contains(id)).Select(p => p.Key).ToList();
        Assert.True(lost.Count == 0, "Acknowledged orders that do not exist: " + string.Join(", ", lost));
        Assert.Equal(0, await _world.OpenReservationsAsync(prefix));

        // A retry of every key, on either instance, answers the one committed result.
        var replays = await Task.WhenAll(placements.Select(async (p, i) =>
        {
            var (acknowledged, orderId, _) = await SendAsync(i % _world.Instances.Length, p.Kind, p.Key, p.Reference);
            return (p, acknowledged, orderId);
        }));
        var mismatched = replays.Where(r => !r.acknowledged || (r.p.Kind != OrderKind.Cxml && r.orderId != orders[r.p.Reference][0])).Select(r => r.p.Key).ToList();
        Assert.True(mismatched.Count == 0, "Retries that did not answer the committed order: " + string.Join(", ", mismatched));
        Assert.Equal(placements.Count, (await _world.OrdersByReferenceAsync(prefix)).Values.Sum(v => v.Count));
    }

    public void AssertNoServerErrors()
    {
        Assert.True(Count(500) == 0, $"{Count(500)} answers were 500: {string.Join(" | ", _unexpected.Take(5))}");
        Assert.True(_unexpected.IsEmpty, "Unexpected answers: " + string.Join(" | ", _unexpected.Take(10)));
    }

    public string Summary() => string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {s.Value}"));

    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile * sorted.Length) - 1)];
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
}
