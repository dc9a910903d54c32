using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Features.Pricing;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Accounts;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Pricing;

/// <summary>The pricing engine through the API, on PostgreSQL and Redis.</summary>
public sealed class PricingApiTests(PricingWorld world) : IClassFixture<PricingWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Lines(string date, params (string Sku, decimal Quantity)[] lines) =>
        new { date, lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }) };

    [Theory]
    // Customer price PX-1 valid 2026-12-01 .. 2026-12-31 for A; otherwise A's group discount (10 %).
    [InlineData("2026-11-30", "PX-1", 1, "group", 90, 100, 10)]
    [InlineData("2026-12-01", "PX-1", 1, "customer", 80, 100, 20)]
    [InlineData("2026-12-31", "PX-1", 1, "customer", 80, 100, 20)]
    [InlineData("2027-01-01", "PX-1", 1, "group", 90, 100, 10)]
    // PX-2: contract from 20 (A), general tier from 10, group 10 % below that.
    [InlineData("2026-12-15", "PX-2", 9, "group", 45, 50, 5)]
    [InlineData("2026-12-15", "PX-2", 10, "tier", 47, 50, 3)]
    [InlineData("2026-12-15", "PX-2", 19, "tier", 47, 50, 3)]
    [InlineData("2026-12-15", "PX-2", 20, "contract", 40, 50, 10)]
    // PX-3: 12.50 per 100 pieces, 10 % off for the group.
    [InlineData("2026-12-15", "PX-3", 300, "group", 0.1125, 0.125, 0.0125)]
    public async Task Account_A_gets_the_expected_price_around_every_boundary(
        string date, string sku, decimal quantity, string source, decimal unitPrice, decimal listPrice, decimal saving)
    {
        var result = await PricingWorld.PriceAsync(world.Admin, world.A, Lines(date, (sku, quantity)));
        var line = PricingWorld.Line(result, 0);
        Assert.Equal(source, line.GetProperty("source").GetString());
        Assert.Equal(unitPrice, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(listPrice, line.GetProperty("listPrice").GetDecimal());
        Assert.Equal(saving, line.GetProperty("saving").GetDecimal());
        Assert.Equal(Math.Round(unitPrice * quantity, 2), line.GetProperty("lineTotal").GetDecimal());
        Assert.Equal("EUR", result.GetProperty("currency").GetString());
    }

    [Theory]
    // B (retail): never A's customer or contract prices; its own tier from 5; its tools discount.
    [InlineData("PX-1", 1, "list", 100)]
    [InlineData("PX-2", 4, "list", 50)]
    [InlineData("PX-2", 5, "tier", 48)]
    [InlineData("PX-2", 10, "tier", 48)]   // its group's own tier is more specific than the general one
    [InlineData("PX-2", 50, "tier", 48)]   // A's contract never applies
    [InlineData("PX-4", 1, "group", 190)]
    public async Task Account_B_never_receives_account_As_prices(string sku, decimal quantity, string source, decimal unitPrice)
    {
        var line = PricingWorld.Line(await PricingWorld.PriceAsync(world.Admin, world.B, Lines("2026-12-15", (sku, quantity))), 0);
        Assert.Equal(source, line.GetProperty("source").GetString());
        Assert.Equal(unitPrice, line.GetProperty("unitPrice").GetDecimal());
        Assert.DoesNotContain("-A-", line.GetProperty("conditionId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpriceable_lines_carry_an_error_and_the_rest_is_priced()
    {
        var result = await PricingWorld.PriceAsync(world.Admin, world.A, Lines("2026-12-15", ("PX-1", 2), ("NOPE", 1), ("PX-5", 1), ("PX-6", 1), ("PX-1", 0)));
        Assert.Equal(160m, PricingWorld.Line(result, 0).GetProperty("lineTotal").GetDecimal());
        Assert.Equal(PriceErrorCodes.UnknownSku, PricingWorld.Line(result, 1).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(PriceErrorCodes.NoListPrice, PricingWorld.Line(result, 2).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(PriceErrorCodes.Restricted, PricingWorld.Line(result, 3).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(PriceErrorCodes.InvalidQuantity, PricingWorld.Line(result, 4).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(160m, result.GetProperty("total").GetDecimal());

        var gbp = await PricingWorld.PriceAsync(world.Admin, world.A, new { currency = "gbp", date = "2026-12-15", lines = new[] { new { sku = "PX-1", quantity = 1 }, new { sku = "PX-2", quantity = 1 } } });
        Assert.Equal("GBP", gbp.GetProperty("currency").GetString());
        Assert.Equal(86m, PricingWorld.Line(gbp, 0).GetProperty("listPrice").GetDecimal());
        Assert.Equal(PriceErrorCodes.NoListPrice, PricingWorld.Line(gbp, 1).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_customer_caller_prices_only_its_own_account()
    {
        var user = await AccountWorld.PostAsync(world.Admin, "/api/v1/users", world.A, new { email = "pricing@a.example", name = "P", roles = new[] { new { role = "requester", orgUnitId = (await RootAsync(world.A)) } } });
        var credentials = await AccountWorld.PostAsync(world.Admin, "/api/v1/api-clients", world.A, new { name = "p", userId = user.GetProperty("id").GetGuid() });
        using var client = await world.CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);

        var own = await PricingWorld.PriceAsync(client, null, Lines("2026-12-15", ("PX-1", 1)));
        Assert.Equal("customer", PricingWorld.Line(own, 0).GetProperty("source").GetString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/price-calculations") { Content = JsonContent.Create(Lines("2026-12-15", ("PX-1", 1))) };
        request.Headers.Add("Portal-Customer", world.B.ToString());
        await HttpAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task A_changed_condition_shows_in_the_very_next_calculation_and_only_its_keys_are_evicted()
    {
        var (a, b, skus) = await world.CornerAsync("ev");
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = "G-EV-A", kind = "group", customerGroup = "ev-a", currency = "EUR", discountPercent = 10m } } }));
        var cache = world.Services.GetRequiredService<PriceCache>();
        var lines = Lines("2026-12-15", (skus[0], 1), (skus[1], 1), (skus[2], 100), (skus[3], 1));
        await PricingWorld.PriceAsync(world.Admin, a, lines);
        await PricingWorld.PriceAsync(world.Admin, b, lines);

        // Warm: nothing is loaded.
        var misses = cache.Misses;
        await PricingWorld.PriceAsync(world.Admin, a, lines);
        await PricingWorld.PriceAsync(world.Admin, b, lines);
        Assert.Equal(misses, cache.Misses);

        // A list price of one sku: that sku misses, for both accounts; the other skus stay cached.
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = "L-" + skus[3], kind = "list", sku = skus[3], currency = "EUR", price = 300m } } }));
        misses = cache.Misses;
        var resultA = await PricingWorld.PriceAsync(world.Admin, a, lines);
        Assert.Equal(misses + 1, cache.Misses);
        Assert.Equal(270m, PricingWorld.Line(resultA, 3).GetProperty("unitPrice").GetDecimal());
        var resultB = await PricingWorld.PriceAsync(world.Admin, b, lines);
        Assert.Equal(misses + 2, cache.Misses);
        Assert.Equal(300m, PricingWorld.Line(resultB, 3).GetProperty("unitPrice").GetDecimal());

        // A group discount: only that group's account misses (all its skus), the other account not at all.
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = "G-EV-A", kind = "group", customerGroup = "ev-a", currency = "EUR", discountPercent = 20m } } }));
        misses = cache.Misses;
        await PricingWorld.PriceAsync(world.Admin, b, lines);
        Assert.Equal(misses, cache.Misses);
        resultA = await PricingWorld.PriceAsync(world.Admin, a, lines);
        Assert.Equal(misses + 4, cache.Misses);
        Assert.Equal(240m, PricingWorld.Line(resultA, 3).GetProperty("unitPrice").GetDecimal());

        // A customer price of A for one sku: only (A, that sku).
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = "C-EV-A-4", kind = "customer", sku = skus[3], customerId = a, currency = "EUR", price = 99m } } }));
        misses = cache.Misses;
        await PricingWorld.PriceAsync(world.Admin, b, lines);
        resultA = await PricingWorld.PriceAsync(world.Admin, a, lines);
        Assert.Equal(misses + 1, cache.Misses);
        Assert.Equal(99m, PricingWorld.Line(resultA, 3).GetProperty("unitPrice").GetDecimal());

        // A product change (its category decides discounts) evicts that sku only.
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/products/{skus[0]}", new { name = "moved", category = "fasteners", unit = "EA" }));
        misses = cache.Misses;
        await PricingWorld.PriceAsync(world.Admin, a, lines);
        Assert.Equal(misses + 1, cache.Misses);

        // Deleting the customer price falls back at once.
        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync("/api/v1/pricing/conditions/C-EV-A-4")).StatusCode);
        resultA = await PricingWorld.PriceAsync(world.Admin, a, lines);
        Assert.Equal("group", PricingWorld.Line(resultA, 3).GetProperty("source").GetString());
    }

    [Fact]
    public async Task No_stale_price_after_an_acknowledged_change_across_two_instances_under_concurrent_reads()
    {
        var (a, _, skus) = await world.CornerAsync("cc", 2);
        using var second = world.CreateSecondInstance();
        using var secondAdmin = await second.CreateClientWithTokenAsync();
        var lines = Lines("2026-12-15", (skus[0], 100), (skus[1], 1));
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var client = i % 2 == 0 ? world.Admin : secondAdmin;
            while (!stop.IsCancellationRequested)
            {
                await PricingWorld.PriceAsync(client, a, lines);
            }
        })).ToList();

        try
        {
            for (var round = 1; round <= 15; round++)
            {
                var price = 10m + round;
                await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new
                {
                    conditions = new[] { new { id = "C-CC-1", kind = "customer", sku = skus[0], customerId = a, currency = "EUR", price, priceUnit = 100m } },
                }));
                // Acknowledged: both instances answer the new price on their very next calculation.
                foreach (var client in new[] { secondAdmin, world.Admin })
                {
                    var line = PricingWorld.Line(await PricingWorld.PriceAsync(client, a, lines), 0);
                    Assert.Equal(price / 100m, line.GetProperty("unitPrice").GetDecimal());
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }
    }

    [Fact]
    public async Task A_batch_with_any_invalid_condition_applies_nothing_and_names_every_error()
    {
        object[] conditions =
        [
            new { id = "OK-1", kind = "list", sku = "PX-1", currency = "USD", price = 120m },
            new { id = "BAD-1", kind = "list", currency = "EUR", price = 1m },
            new { id = "BAD-2", kind = "customer", sku = "PX-1", currency = "EUR", price = 1m, customerId = Guid.NewGuid() },
            new { id = "BAD-3", kind = "group", customerGroup = "x", currency = "EURO", discountPercent = 150m },
            new { id = "BAD-4", kind = "tier", sku = "PX-1", currency = "EUR", price = 1m, minQuantity = 5m, validFrom = "2026-12-31", validTo = "2026-12-01" },
            new { id = "OK-1", kind = "list", sku = "PX-1", currency = "CHF", price = 1m },
            new { id = "BAD-5", kind = "bundle", currency = "EUR" },
        ];
        var problem = await HttpAssert.ProblemAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var keys = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(
            new HashSet<string> { "conditions[1].sku", "conditions[2].customerId", "conditions[3].currency", "conditions[3].discountPercent", "conditions[4].validTo", "conditions[5].id", "conditions[6].kind" },
            keys);
        await HttpAssert.ProblemAsync(await world.Admin.GetAsync("/api/v1/pricing/conditions/OK-1"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Conditions_load_from_csv_with_semicolons_decimal_commas_and_a_bom()
    {
        var (a, _, skus) = await world.CornerAsync("csv", 2);
        var csv = "\uFEFFID;Kind;Sku;CustomerId;Currency;Price;MinQuantity;ValidTo\n" +
                  $"CSV-1;tier;{skus[0]};;EUR;\"80,50\";3;2026-12-31\n" +
                  $"CSV-2;customer;{skus[1]};{a};EUR;33,3;;\n";
        using var content = new StringContent(csv, new UTF8Encoding(false), "text/csv");
        var result = await HttpAssert.OkJsonAsync(await world.Admin.PutAsync("/api/v1/pricing/conditions", content));
        Assert.Equal(2, result.GetProperty("created").GetInt32());
        var condition = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync("/api/v1/pricing/conditions/CSV-1"));
        Assert.Equal(80.5m, condition.GetProperty("price").GetDecimal());
        Assert.Equal("2026-12-31", condition.GetProperty("validTo").GetString());
        var priced = await PricingWorld.PriceAsync(world.Admin, a, Lines("2026-12-15", (skus[1], 1), (skus[0], 3)));
        Assert.Equal(33.3m, PricingWorld.Line(priced, 0).GetProperty("unitPrice").GetDecimal());
        Assert.Equal(80.5m, PricingWorld.Line(priced, 1).GetProperty("unitPrice").GetDecimal());

        var bad = $"id,kind,sku,currency,price\nCSV-3,list,{skus[0]},EUR,abc\nCSV-4,list,,EUR,1\n";
        using var badContent = new StringContent(bad, Encoding.UTF8, "text/csv");
        var problem = await HttpAssert.ProblemAsync(await world.Admin.PutAsync("/api/v1/pricing/conditions/csv", badContent), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var keys = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(new HashSet<string> { "rows[2].price", "rows[3].sku" }, keys);
        await HttpAssert.ProblemAsync(await world.Admin.GetAsync("/api/v1/pricing/conditions/CSV-3"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Lowest_price_strategy_is_an_account_setting()
    {
        var c = await AccountWorld.PostAsync(world.Admin, "/api/v1/customers", null, new { name = "Cheapest", customerGroup = "machining", currency = "EUR", pricingStrategy = "lowestPrice" });
        var id = c.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = "C-CHEAP-PX-1", kind = "customer", sku = "PX-1", customerId = id, currency = "EUR", price = 95m } } }));
        // The customer price (95) loses against the group discount (90 after 10 %), unlike under "priority".
        var line = PricingWorld.Line(await PricingWorld.PriceAsync(world.Admin, id, Lines("2026-11-15", ("PX-1", 1))), 0);
        Assert.Equal(("group", 90m), (line.GetProperty("source").GetString(), line.GetProperty("unitPrice").GetDecimal()));
        await HttpAssert.OkJsonAsync(await world.Admin.PatchAsJsonAsync($"/api/v1/customers/{id}", new { pricingStrategy = "priority" }));
        line = PricingWorld.Line(await PricingWorld.PriceAsync(world.Admin, id, Lines("2026-11-15", ("PX-1", 1))), 0);
        Assert.Equal(("customer", 95m), (line.GetProperty("source").GetString(), line.GetProperty("unitPrice").GetDecimal()));
    }

    [Fact]
    public async Task Realtime_accounts_take_erp_prices_and_fall_back_to_stored_conditions_when_the_erp_is_slow_or_down()
    {
        var c = await AccountWorld.PostAsync(world.Admin, "/api/v1/customers", null, new { name = "Realtime", customerGroup = "retail", currency = "EUR", realtimePricing = true });
        var id = c.GetProperty("id").GetGuid();
        world.Erp.UnitPrice = 42m;
        var line = PricingWorld.Line(await PricingWorld.PriceAsync(world.Admin, id, Lines("2026-12-15", ("PX-1", 1))), 0);
        Assert.Equal(42m, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal("ERP-LIVE", line.GetProperty("conditionId").GetString());
        Assert.Equal(100m, line.GetProperty("listPrice").GetDecimal());

        // Slow ERP: answered within the timeout from stored conditions.
        world.Erp.Delay = TimeSpan.FromSeconds(5);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        line = PricingWorld.Line(await PricingWorld.PriceAsync(world.Admin, id, Lines("2026-12-15", ("PX-2", 1))), 0);
        watch.Stop();
        Assert.Equal("list", line.GetProperty("source").GetString());
        Assert.Equal(50m, line.GetProperty("unitPrice").GetDecimal());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");

        // Failing ERP: after three failures the circuit opens and the ERP is not called any more.
        world.Erp.Delay = TimeSpan.Zero;
        world.Erp.Fail = true;
        for (var i = 0; i < 3; i++)
        {
            line = PricingWorld.Line(await PricingWorld.PriceAsync(world.Admin, id, Lines("2026-12-15", ("PX-4", i + 1))), 0);
            Assert.Equal("group", line.GetProperty("source").GetString());
        }
        var calls = world.Erp.Calls;
        line = PricingWorld.Line(await PricingWorld.PriceAsync(world.Admin, id, Lines("2026-12-15", ("PX-4", 10))), 0);
        Assert.Equal(190m, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(calls, world.Erp.Calls);
        world.Erp.Fail = false;
    }

    [Fact]
    public async Task Bad_requests_are_problems()
    {
        using var none = new HttpRequestMessage(HttpMethod.Post, "/api/v1/price-calculations") { Content = JsonContent.Create(new { lines = Array.Empty<object>() }) };
        none.Headers.Add("Portal-Customer", world.A.ToString());
        await HttpAssert.ProblemAsync(await world.Admin.SendAsync(none), HttpStatusCode.BadRequest, ProblemTypes.Validation);

        using var tooMany = new HttpRequestMessage(HttpMethod.Post, "/api/v1/price-calculations")
        {
            Content = JsonContent.Create(new { lines = Enumerable.Range(0, 501).Select(i => new { sku = "PX-1", quantity = 1 }) }),
        };
        tooMany.Headers.Add("Portal-Customer", world.A.ToString());
        await HttpAssert.ProblemAsync(await world.Admin.SendAsync(tooMany), HttpStatusCode.BadRequest, ProblemTypes.Validation);

        // Supplier callers must say for which account.
        await HttpAssert.ProblemAsync(await world.Admin.PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku = "PX-1", quantity = 1 } } }), HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
    }

    [Fact]
    public async Task Repeated_lines_are_answered_from_the_rendered_cache_exactly_as_sent_and_follow_changes()
    {
        // The same sku three ways: as sent (with spaces), by quantity scale (2 and 2.0 are echoed as sent),
        // then again after a change to its conditions.
        var body = """{"date":"2026-11-30","lines":[{"sku":" PX-1 ","quantity":2},{"sku":"PX-1","quantity":2.0},{"sku":"PX-1","quantity":2}]}""";
        async Task<string> PriceRawAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/price-calculations") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Portal-Customer", world.A.ToString());
            var response = await world.Admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var first = await PriceRawAsync();
        var second = await PriceRawAsync(); // every line now from the entries' rendered lines
        Assert.Equal(first, second);
        Assert.Contains("\"sku\":\" PX-1 \",\"quantity\":2,", first, StringComparison.Ordinal);
        Assert.Contains("\"sku\":\"PX-1\",\"quantity\":2.0,", first, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(second);
        Assert.Equal(3 * 180m, parsed.RootElement.GetProperty("total").GetDecimal()); // 2 × 90: 10 % group discount on 100
        Assert.Equal(3 * 20m, parsed.RootElement.GetProperty("saving").GetDecimal());

        // A new list price for PX-1: the rendered lines go with their entry.
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = "L-PX-1", kind = "list", sku = "PX-1", currency = "EUR", price = 200m } } }));
        try
        {
            using var after = JsonDocument.Parse(await PriceRawAsync());
            Assert.Equal(3 * 360m, after.RootElement.GetProperty("total").GetDecimal());
            Assert.Equal(200m, after.RootElement.GetProperty("lines")[1].GetProperty("listPrice").GetDecimal());
        }
        finally
        {
            await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = "L-PX-1", kind = "list", sku = "PX-1", currency = "EUR", price = 100m } } }));
        }
    }

    private async Task<Guid> RootAsync(Guid customer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{customer}");
        var c = await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(request));
        return c.GetProperty("rootOrgUnitId").GetGuid();
    }
}

/// <summary>The cold path's promise: one database round trip, however many lines.</summary>
public sealed class PricingRoundTripTests(PricingWorld world) : IClassFixture<PricingWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_cold_50_line_calculation_is_one_database_round_trip_profile_included_and_a_warm_one_none()
    {
        var (a, _, skus) = await world.CornerAsync("rt", 50);
        var body = new { date = "2026-12-15", lines = skus.Select(s => new { sku = s, quantity = 3 }) };
        // Nothing of this account's pricing is cached yet, not even its profile: the one statement brings it
        // too. (The Portal-Customer header's existence check is the caller middleware's, remembered after the
        // first request of any kind: a refused request takes it out of the count.)

        var counter = world.Services.GetRequiredService<Portal.Api.Infrastructure.Data.DbCommandCounter>();
        // The access log is written in the background by the same data layer: settle it around each call
        // (its entry is queued as the response completes, hence the short pause before flushing).
        var log = world.Services.GetRequiredService<Portal.Api.Features.AccessLog.AccessLogWriter>();
        await IdentityCommandsAsync(counter, log, a);
        await SettleAsync(log);
        var before = counter.Commands;
        var cold = await PricingWorld.PriceAsync(world.Admin, a, body);
        await SettleAsync(log);
        var coldCommands = counter.Commands - before;
        Assert.Equal(50, cold.GetProperty("lines").GetArrayLength());
        Assert.All(cold.GetProperty("lines").EnumerateArray(), l => Assert.Equal(100m, l.GetProperty("unitPrice").GetDecimal()));

        before = counter.Commands;
        await PricingWorld.PriceAsync(world.Admin, a, body);
        await SettleAsync(log);
        var warmCommands = counter.Commands - before;

        // The caller's identity is read per request (one query for the client, its user and roles is
        // shared by every endpoint); beyond that: cold 1, warm 0.
        var identityCommands = await IdentityCommandsAsync(counter, log, a);
        Assert.Equal(1, coldCommands - identityCommands);
        Assert.Equal(0, warmCommands - identityCommands);
    }

    private static async Task SettleAsync(Portal.Api.Features.AccessLog.AccessLogWriter log)
    {
        await Task.Delay(100);
        await log.FlushAsync(CancellationToken.None);
    }

    /// <summary>What the same caller costs before pricing starts: a request refused by validation.</summary>
    private async Task<long> IdentityCommandsAsync(Portal.Api.Infrastructure.Data.DbCommandCounter counter, Portal.Api.Features.AccessLog.AccessLogWriter log, Guid account)
    {
        await SettleAsync(log);
        var before = counter.Commands;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/price-calculations") { Content = JsonContent.Create(new { lines = Array.Empty<object>() }) };
        request.Headers.Add("Portal-Customer", account.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await world.Admin.SendAsync(request)).StatusCode);
        await SettleAsync(log);
        return counter.Commands - before;
    }
}
