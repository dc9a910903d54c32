using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Portal.TestInfrastructure;
using Xunit.Abstractions;

namespace Portal.Api.Tests.Faults;

/// <summary>
/// Exactly-once orders and a Redis that may vanish, under real faults: two API processes on one PostgreSQL
/// and one Redis; PostgreSQL backends terminated (pg_terminate_backend) while orders are placed; one API
/// process killed with SIGKILL and restarted; Redis shut down and restarted; Redis paused. Every test ends
/// with exact counts: each key has exactly one order, no acknowledged order is lost, no key stays
/// reserved, no answer was a 500.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests(FaultWorld world, ITestOutputHelper output) : IClassFixture<FaultWorld>
{
    [Fact]
    public async Task Orders_are_placed_exactly_once_while_backends_are_terminated_and_an_instance_is_killed()
    {
        var clients = await OrderClients.CreateAsync(world);
        var prefix = "F1-" + Guid.NewGuid().ToString("N")[..6] + "-";
        const int Keys = 120;
        const int Workers = 8;
        var work = Enumerable.Range(0, Keys)
            .Select(i => (Key: prefix + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), Kind: (i % 10) switch { 3 or 7 => OrderKind.Csv, 5 => OrderKind.Cxml, _ => OrderKind.Json }))
            .ToList();
        var queue = new System.Collections.Concurrent.ConcurrentQueue<(string Key, OrderKind Kind)>(work);
        var placements = new System.Collections.Concurrent.ConcurrentBag<Placement>();
        using var stop = new CancellationTokenSource();

        // Faults: backends terminated every ~half second; instance A killed with SIGKILL when a third is
        // acknowledged, and started again.
        var terminations = new List<int>();
        var terminator = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(Random.Shared.Next(700, 1300));
                terminations.Add(await world.TerminateBackendsAsync());
            }
        });
        var killed = false;
        var killer = Task.Run(async () =>
        {
            while (placements.Count < Keys / 3)
            {
                await Task.Delay(20);
            }
            world.Instances[0].Kill();
            killed = true;
            await Task.Delay(500);
            await world.Instances[0].StartAsync();
        });

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var item))
            {
                placements.Add(await clients.PlaceUntilAcknowledgedAsync(item.Kind, item.Key, item.Key, worker, TimeSpan.FromSeconds(45)));
            }
        })));
        await killer;
        await stop.CancelAsync();
        await terminator;
        output.WriteLine($"logs: {world.Instances[0].LogFile} {world.Instances[1].LogFile}");
        output.WriteLine($"{Keys} keys in {watch.Elapsed.TotalSeconds:0.0} s; answers {clients.Summary()}; backends terminated per round: {string.Join(",", terminations)}; retried keys: {placements.Count(p => p.Attempts > 1)}");

        Assert.True(killed);
        Assert.True(terminations.Count(n => n > 0) >= 4, "backends were terminated at least four times");
        clients.AssertNoServerErrors();
        await clients.AssertExactlyOnceAsync(prefix, placements.ToList());
    }

    [Fact]
    public async Task Two_instances_keep_one_order_per_key_when_the_same_key_races_on_both()
    {
        var clients = await OrderClients.CreateAsync(world);
        var prefix = "F2-" + Guid.NewGuid().ToString("N")[..6] + "-";
        // Each key sent four times at once, twice to each instance: one order, the rest replays or 409s.
        var placements = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var key = prefix + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            var kind = i % 4 == 3 ? OrderKind.Csv : OrderKind.Json;
            var racers = await Task.WhenAll(Enumerable.Range(0, 4).Select(r => clients.PlaceUntilAcknowledgedAsync(kind, key, key, r % 2, TimeSpan.FromSeconds(30))));
            Assert.Single(racers.Select(r => r.OrderId).Distinct());
            return racers[0];
        }));
        output.WriteLine($"answers {clients.Summary()}");
        clients.AssertNoServerErrors();
        await clients.AssertExactlyOnceAsync(prefix, placements);
    }

    [Fact]
    public async Task A_redis_shutdown_degrades_to_the_database_and_redis_coming_back_is_used_again()
    {
        var clients = await OrderClients.CreateAsync(world);
        var supplier = await world.Instances[0].ClientAsync(FaultWorld.AdminId, FaultWorld.AdminSecret);
        var sku = "FLT-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await OrderClients.JsonAsync(await supplier.PutAsJsonAsync($"/api/v1/products/{sku}", new { name = "Fault test part", category = "fasteners", unit = "EA" }), HttpStatusCode.Created);
        await SetListPriceAsync(supplier, sku, 10m);
        var before = await PriceAsync(clients.Buyer(0), sku);
        Assert.Equal(before, await PriceAsync(clients.Buyer(1), sku)); // both instances cache it

        var prefix = "F3-" + Guid.NewGuid().ToString("N")[..6] + "-";
        Load outage;
        decimal duringOutage;
        world.Redis.Shutdown();
        try
        {
            outage = await LoadAsync(clients, prefix, TimeSpan.FromSeconds(6));
            // A price changed during the outage is answered by the other instance at once: no stale cache is trusted.
            await SetListPriceAsync(supplier, sku, 20m);
            duringOutage = await PriceAsync(clients.Buyer(1), sku);
            Assert.Equal(await PriceAsync(clients.Buyer(0), sku), duringOutage);
            Assert.NotEqual(before, duringOutage);
        }
        finally
        {
            world.Redis.Start();
        }
        output.WriteLine($"Redis down: {outage.Count} requests, p50 {OrderClients.Percentile(outage.Latencies, 0.5):0} ms, p99 {OrderClients.Percentile(outage.Latencies, 0.99):0} ms, max {outage.Latencies.Max():0} ms; answers {clients.Summary()}");
        output.WriteLine("slowest: " + string.Join(", ", outage.Slowest));
        // An unguarded Redis call stalls a request for the client's 5 s timeout (9 s were seen): none may come near
        // that. The p99 is reported, not asserted: timings are for benchmarks, and CI machines are shared.
        Assert.True(outage.Latencies.Max() < MaxLatencyMs, $"slowest request took {outage.Latencies.Max():0} ms");
        Assert.All(outage.Statuses, s => Assert.Contains(s, new[] { 200, 201, 503 }));
        clients.AssertNoServerErrors();

        // Within a few seconds both instances use Redis again (breaker closed, version log in use) without a restart.
        var restarted = Stopwatch.StartNew();
        foreach (var (instance, index) in world.Instances.Select((instance, index) => (instance, index)))
        {
            var ready = "";
            await WaitUntilAsync(async () =>
            {
                await PriceAsync(clients.Buyer(index), sku);
                using var http = new HttpClient { BaseAddress = instance.BaseAddress };
                ready = await http.GetStringAsync("/health/ready");
                return ready.Contains("version log in use", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(20), () => $"instance {instance.Name} did not use Redis again: {ready}");
        }
        output.WriteLine($"both instances used Redis again {restarted.Elapsed.TotalSeconds:0.0} s after it restarted");
        // Invalidation through Redis works again: a change made on A is seen at once by B, which caches again.
        Assert.Equal(await PriceAsync(clients.Buyer(1), sku), await PriceAsync(clients.Buyer(1), sku));
        await SetListPriceAsync(supplier, sku, 30m);
        var after = await PriceAsync(clients.Buyer(1), sku);
        Assert.NotEqual(duringOutage, after);
        Assert.Equal(await PriceAsync(clients.Buyer(0), sku), after);
        await clients.AssertExactlyOnceAsync(prefix, outage.Placements);
        clients.AssertNoServerErrors();
    }

    [Fact]
    public async Task A_paused_redis_costs_a_request_at_most_the_redis_timeout()
    {
        var clients = await OrderClients.CreateAsync(world);
        var prefix = "F4-" + Guid.NewGuid().ToString("N")[..6] + "-";
        await PriceAsync(clients.Buyer(0), "FAS-1008");
        await PriceAsync(clients.Buyer(1), "FAS-1008");

        world.Redis.Pause(TimeSpan.FromSeconds(4));
        var paused = await LoadAsync(clients, prefix, TimeSpan.FromSeconds(3.5));
        output.WriteLine($"logs: {world.Instances[0].LogFile} {world.Instances[1].LogFile}");
        output.WriteLine($"Redis paused: {paused.Count} requests, p50 {OrderClients.Percentile(paused.Latencies, 0.5):0} ms, p99 {OrderClients.Percentile(paused.Latencies, 0.99):0} ms, max {paused.Latencies.Max():0} ms; answers {clients.Summary()}");

        output.WriteLine("slowest: " + string.Join(", ", paused.Slowest));
        Assert.True(paused.Latencies.Max() < MaxLatencyMs, $"slowest request took {paused.Latencies.Max():0} ms");
        clients.AssertNoServerErrors();
        await Task.Delay(1500); // the pause ends
        await clients.AssertExactlyOnceAsync(prefix, paused.Placements);
    }

    /// <summary>Far below a stalled Redis call (5 s client timeout), far above a loaded CI machine's worst request.</summary>
    private const double MaxLatencyMs = 2500;

    private sealed record Load(List<double> Latencies, List<int> Statuses, List<Placement> Placements, List<string> Slowest)
    {
        public int Count => Latencies.Count;
    }

    /// <summary>Four clients: price calculations and orders (with keys) on both instances for the duration; each request timed.</summary>
    private static async Task<Load> LoadAsync(OrderClients clients, string prefix, TimeSpan duration)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var placements = new System.Collections.Concurrent.ConcurrentBag<Placement>();
        var timed = new System.Collections.Concurrent.ConcurrentBag<(double Ms, string What)>();
        var end = DateTime.UtcNow + duration;
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            while (DateTime.UtcNow < end)
            {
                var instance = Interlocked.Increment(ref counter) % 2;
                var watch = Stopwatch.StartNew();
                if (worker % 2 == 0)
                {
                    using var response = await clients.Buyer(instance).PostAsJsonAsync("/api/v1/price-calculations",
                        new { lines = new[] { new { sku = "FAS-1008", quantity = 3 }, new { sku = "OFF-1001", quantity = 1 }, new { sku = "TOL-1002", quantity = 2 } } });
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                    timed.Add((watch.Elapsed.TotalMilliseconds, $"price on {instance} at {DateTime.UtcNow - watch.Elapsed:HH:mm:ss.fff}"));
                    statuses.Add((int)response.StatusCode);
                }
                else
                {
                    var key = prefix + Interlocked.Increment(ref counter).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
                    var (acknowledged, orderId, _) = await clients.SendAsync(instance, OrderKind.Json, key, key);
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                    timed.Add((watch.Elapsed.TotalMilliseconds, $"order on {instance} at {DateTime.UtcNow - watch.Elapsed:HH:mm:ss.fff}"));
                    if (acknowledged)
                    {
                        placements.Add(new Placement(key, key, OrderKind.Json, orderId, 1));
                        statuses.Add(201);
                    }
                    else
                    {
                        // Not acknowledged (a 503): the client retries until it is.
                        placements.Add(await clients.PlaceUntilAcknowledgedAsync(OrderKind.Json, key, key, instance, TimeSpan.FromSeconds(20)));
                        statuses.Add(503);
                    }
                }
            }
        })));
        return new Load([.. latencies], [.. statuses], [.. placements], timed.OrderByDescending(t => t.Ms).Take(3).Select(t => $"{t.Ms:0} ms {t.What}").ToList());
    }

    private static async Task SetListPriceAsync(HttpClient supplier, string sku, decimal price) =>
        await OrderClients.JsonAsync(await supplier.PutAsJsonAsync("/api/v1/pricing/conditions",
            new { conditions = new[] { new { id = $"LIST-{sku}-EUR", kind = "list", sku, currency = "EUR", price } } }));

    private static async Task<decimal> PriceAsync(HttpClient buyer, string sku)
    {
        var answer = await OrderClients.JsonAsync(await buyer.PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku, quantity = 1 } } }));
        return answer.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> message)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message());
            await Task.Delay(200);
        }
    }
}
