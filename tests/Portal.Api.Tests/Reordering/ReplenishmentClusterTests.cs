using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Portal.Api.Hosting.Demo;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Reordering;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplenishmentClusterCollection
{
    public const string Name = "Replenishment (two real processes)";
}

/// <summary>
/// Two API processes (<c>dotnet Portal.Api.dll</c>) on one PostgreSQL database and one Redis, both running
/// the clustered scheduler with the replenishment check every second: schedules due in a few seconds
/// produce exactly one suggested cart each.
/// </summary>
[Collection(ReplenishmentClusterCollection.Name)]
public sealed class ReplenishmentClusterTests : IAsyncLifetime
{
    private const string AdminId = "replenish-admin";
    private const string AdminSecret = "replenish-admin-secret-5b1f";
    private const int Schedules = 4;

    private readonly string _connectionString = PortalApiFactory.CreateMigratedDatabase();
    private ApiProcess[] _instances = [];

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Portal"] = _connectionString,
            ["Redis__Configuration"] = RedisServer.Instance.CreateConfiguration(),
            ["Portal__Bootstrap__ClientId"] = AdminId,
            ["Portal__Bootstrap__ClientSecret"] = AdminSecret,
            ["Portal__SeedDemoData"] = "true",
            ["Portal__PublicBaseUrl"] = "http://localhost",
            ["Portal__Reordering__CheckInterval"] = "00:00:01",
            ["Portal__Scheduler__ClusterCheckinInterval"] = "00:00:02",
            ["Portal__RateLimit__PermitPerMinute"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Portal.Api.Features.Reordering"] = "Information",
        };
        _instances = [new ApiProcess("R1", environment), new ApiProcess("R2", environment)];
        await _instances[0].StartAsync(); // seeds the demo data; the second finds it there
        await _instances[1].StartAsync();
    }

    public Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Schedules_due_in_a_few_seconds_produce_exactly_one_suggested_cart_each_with_two_instances()
    {
        var buyer = DemoDataSeeder.DemoCustomerClients[1];
        var secret = _instances[0].DemoSecret(buyer.ClientId);
        var clients = new[] { await _instances[0].ClientAsync(buyer.ClientId, secret), await _instances[1].ClientAsync(buyer.ClientId, secret) };

        // Both instances run the clustered scheduler.
        await WaitAsync(async () => (await ScalarAsync("SELECT count(*) FROM qrtz_scheduler_state")) >= 2, "both schedulers checked in");

        var marker = Guid.NewGuid().ToString("N")[..8];
        var template = await HttpAssert.OkJsonAsync(await clients[0].PostAsJsonAsync("/api/v1/order-templates", new
        {
            name = $"Cluster {marker}", lines = new[] { new { sku = "FAS-1008", quantity = 2m }, new { sku = "OFF-1001", quantity = 1m } },
        }), HttpStatusCode.Created);
        var templateId = template.GetProperty("id").GetGuid();
        var due = DateTimeOffset.UtcNow.AddSeconds(4);
        var ids = new List<Guid>();
        for (var i = 0; i < Schedules; i++)
        {
            var schedule = await HttpAssert.OkJsonAsync(await clients[i % 2].PostAsJsonAsync("/api/v1/replenishment-schedules", new { templateId, interval = "P1W", nextRunAt = due, mode = "suggest" }), HttpStatusCode.Created);
            ids.Add(schedule.GetProperty("id").GetGuid());
        }

        await WaitAsync(async () => (await ScalarAsync($"SELECT count(*) FROM replenishment_runs WHERE schedule_id IN ({string.Join(',', ids.Select(id => $"'{id}'"))})")) >= Schedules, "every schedule ran");
        await Task.Delay(TimeSpan.FromSeconds(5)); // a duplicate run from the other instance would arrive now

        foreach (var id in ids)
        {
            Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM replenishment_runs WHERE schedule_id = '{id}'"));
            var schedule = await HttpAssert.OkJsonAsync(await clients[1].GetAsync($"/api/v1/replenishment-schedules/{id}"));
            var run = Assert.Single(schedule.GetProperty("runs").EnumerateArray());
            Assert.Equal("cart-created", run.GetProperty("outcome").GetString());
            Assert.True(schedule.GetProperty("nextRunAt").GetDateTimeOffset() > due.AddDays(6), "the next period is a week later");
        }
        var suggested = new List<JsonElement>();
        foreach (var client in clients)
        {
            var page = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/carts?kind=suggested&limit=200"));
            suggested = page.GetProperty("items").EnumerateArray().Where(c => c.GetProperty("name").GetString()!.Contains(marker, StringComparison.Ordinal)).ToList();
            Assert.Equal(Schedules, suggested.Count);
        }
        Assert.Equal(Schedules, await ScalarAsync($"SELECT count(*) FROM carts WHERE kind = 'suggested' AND name LIKE '%{marker}%'"));
        Assert.All(suggested, c => Assert.Equal(2, c.GetProperty("lineCount").GetInt32()));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Timed out waiting until {what}.");
    }
}
