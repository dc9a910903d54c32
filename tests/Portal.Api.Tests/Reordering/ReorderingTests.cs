using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Reordering;

/// <summary>Templates, favorites lists, suggestions and replenishment against real PostgreSQL, Redis and SMTP.</summary>
public sealed class ReorderingTests(ReorderingWorld world) : IClassFixture<ReorderingWorld>
{
    private static readonly string Sku = ReorderingWorld.Sku;

    [Fact]
    public async Task A_department_template_is_visible_to_the_departments_users_and_orders_at_todays_prices()
    {
        var account = await world.CreateAccountAsync();
        var body = new { name = "Workshop consumables", scope = "org-unit", orgUnitId = account.Department, lines = new object[] { new { sku = Sku, quantity = 10m, costCenterId = account.CostCenter, note = "shelf 3" }, new { sku = ReorderingWorld.OtherSku, quantity = 2m } } };

        // Only administrators share templates: a requester of the department may not.
        await HttpAssert.ProblemAsync(await account["requester"].Client.PostAsJsonAsync("/api/v1/order-templates", body), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var template = await ReorderingWorld.PostAsync(account["deptAdmin"].Client, "/api/v1/order-templates", null, body);
        var id = template.GetProperty("id").GetGuid();
        Assert.Equal("org-unit", template.GetProperty("scope").GetString());
        Assert.True(template.GetProperty("canManage").GetBoolean());

        // The department's users see it (listed and read), but may not change it.
        foreach (var who in new[] { "requester", "colleague", "admin" })
        {
            var page = await HttpAssert.OkJsonAsync(await account[who].Client.GetAsync("/api/v1/order-templates"));
            Assert.Contains(page.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == id);
        }
        var seen = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/order-templates/{id}"));
        Assert.False(seen.GetProperty("canManage").GetBoolean());
        Assert.Equal(2, seen.GetProperty("lines").GetArrayLength());
        await HttpAssert.ProblemAsync(await account["requester"].Client.PatchAsJsonAsync($"/api/v1/order-templates/{id}", new { name = "Mine now" }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await account["requester"].Client.DeleteAsync($"/api/v1/order-templates/{id}"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);

        // A user of a unit beside the division does not see it at all (404, never its data); nor another account.
        await HttpAssert.ProblemAsync(await account["outsider"].Client.GetAsync($"/api/v1/order-templates/{id}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        var outsiderPage = await HttpAssert.OkJsonAsync(await account["outsider"].Client.GetAsync("/api/v1/order-templates"));
        Assert.DoesNotContain(outsiderPage.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == id);
        var stranger = await world.CreateAccountAsync();
        await HttpAssert.ProblemAsync(await stranger["admin"].Client.PostAsync($"/api/v1/order-templates/{id}/cart", null), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        // Today's price: the ERP sets a new price for the account after the template was made.
        var before = await ReorderingWorld.UnitPriceAsync(account, Sku, 10);
        var today = Math.Round(before * 0.9m, 2) - 0.01m;
        await world.SetCustomerPriceAsync(account, Sku, today);
        Assert.Equal(today, await ReorderingWorld.UnitPriceAsync(account, Sku, 10));

        var cart = await ReorderingWorld.PostAsync(account["requester"].Client, $"/api/v1/order-templates/{id}/cart", null, null);
        Assert.Empty(cart.GetProperty("skipped").EnumerateArray());
        var line = cart.GetProperty("cart").GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("sku").GetString() == Sku);
        Assert.Equal(today, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(10m, line.GetProperty("quantity").GetDecimal());
        Assert.Equal(account.CostCenter, line.GetProperty("costCenterId").GetGuid());
        Assert.Equal(account["requester"].UserId, cart.GetProperty("cart").GetProperty("userId").GetGuid());

        // Ordering the template: idempotent, at today's price, through the placement gate (the requester's order).
        var key = $"tpl-{Guid.NewGuid():N}";
        var order = await ReorderingWorld.PostAsync(account["requester"].Client, $"/api/v1/order-templates/{id}/order", null, new { customerReference = "PO-TPL-1" }, idempotencyKey: key);
        var orderId = order.GetProperty("id").GetGuid();
        Assert.Equal("template", order.GetProperty("source").GetString());
        Assert.Equal(today, order.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("sku").GetString() == Sku).GetProperty("unitPrice").GetDecimal());
        Assert.Equal(account["requester"].UserId, order.GetProperty("requesterId").GetGuid());
        using var again = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/order-templates/{id}/order") { Content = JsonContent.Create(new { customerReference = "PO-TPL-1" }) };
        again.Headers.Add("Idempotency-Key", key);
        var replay = await account["requester"].Client.SendAsync(again);
        Assert.Equal(orderId, (await HttpAssert.OkJsonAsync(replay, HttpStatusCode.Created)).GetProperty("id").GetGuid());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        var orders = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/orders?q=PO-TPL-1"));
        Assert.Equal(1, orders.GetProperty("items").GetArrayLength());

        // The department's administrator manages it; the root administrator too.
        var renamed = await HttpAssert.OkJsonAsync(await account["admin"].Client.PatchAsJsonAsync($"/api/v1/order-templates/{id}", new { name = "Workshop (weekly)" }));
        Assert.Equal("Workshop (weekly)", renamed.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Personal_and_account_templates_follow_their_scope()
    {
        var account = await world.CreateAccountAsync();
        var mine = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/order-templates", null, new { name = "Mine", lines = new[] { new { sku = Sku, quantity = 1m } } });
        Assert.Equal("user", mine.GetProperty("scope").GetString());
        await HttpAssert.ProblemAsync(await account["colleague"].Client.GetAsync($"/api/v1/order-templates/{mine.GetProperty("id").GetGuid()}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        await HttpAssert.ProblemAsync(await account["deptAdmin"].Client.PostAsJsonAsync("/api/v1/order-templates", new { name = "All", scope = "account", lines = new[] { new { sku = Sku, quantity = 1m } } }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var shared = await ReorderingWorld.PostAsync(account["admin"].Client, "/api/v1/order-templates", null, new { name = "All", scope = "account", lines = new[] { new { sku = Sku, quantity = 1m } } });
        await HttpAssert.OkJsonAsync(await account["outsider"].Client.GetAsync($"/api/v1/order-templates/{shared.GetProperty("id").GetGuid()}"));

        // Validation: every error at once, nothing stored.
        var invalid = await account["requester"].Client.PostAsJsonAsync("/api/v1/order-templates", new { name = "", lines = new[] { new { sku = "NOPE-404", quantity = 0m } } });
        await HttpAssert.ProblemAsync(invalid, HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task A_favorites_list_shows_current_prices_and_stock()
    {
        var account = await world.CreateAccountAsync();
        var list = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/favorite-lists", null, new { name = "My favorites" });
        var id = list.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await account["requester"].Client.PostAsJsonAsync($"/api/v1/favorite-lists/{id}/items", new { sku = Sku, quantity = 5m }));
        var withTwo = await HttpAssert.OkJsonAsync(await account["requester"].Client.PostAsJsonAsync($"/api/v1/favorite-lists/{id}/items", new { sku = ReorderingWorld.OtherSku }));
        Assert.Equal(2, withTwo.GetProperty("items").GetArrayLength());

        var price = await ReorderingWorld.UnitPriceAsync(account, Sku, 5);
        var read = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/favorite-lists/{id}"));
        var item = read.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sku").GetString() == Sku);
        Assert.Equal(price, item.GetProperty("unitPrice").GetDecimal());
        Assert.True(item.GetProperty("stock").GetProperty("stockQuantity").GetDecimal() >= 0);
        Assert.Equal("EUR", read.GetProperty("currency").GetString());

        // The ERP changes the price: the list shows the new one at once.
        var newPrice = Math.Round(price * 0.8m, 2);
        await world.SetCustomerPriceAsync(account, Sku, newPrice);
        read = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/favorite-lists/{id}"));
        Assert.Equal(newPrice, read.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sku").GetString() == Sku).GetProperty("unitPrice").GetDecimal());

        // Personal: a colleague neither sees nor changes it.
        await HttpAssert.ProblemAsync(await account["colleague"].Client.GetAsync($"/api/v1/favorite-lists/{id}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await account["colleague"].Client.PostAsJsonAsync($"/api/v1/favorite-lists/{id}/items", new { sku = Sku }), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        // An org-unit list: the department administrator keeps it, the department's requesters read it.
        var unitList = await ReorderingWorld.PostAsync(account["deptAdmin"].Client, "/api/v1/favorite-lists", null, new { name = "Department", scope = "org-unit", orgUnitId = account.Department });
        var unitId = unitList.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await account["deptAdmin"].Client.PostAsJsonAsync($"/api/v1/favorite-lists/{unitId}/items", new { sku = Sku }));
        var colleagueView = await HttpAssert.OkJsonAsync(await account["colleague"].Client.GetAsync($"/api/v1/favorite-lists/{unitId}"));
        Assert.Equal(newPrice, colleagueView.GetProperty("items")[0].GetProperty("unitPrice").GetDecimal());
        await HttpAssert.ProblemAsync(await account["colleague"].Client.PostAsJsonAsync($"/api/v1/favorite-lists/{unitId}/items", new { sku = Sku }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await account["outsider"].Client.GetAsync($"/api/v1/favorite-lists/{unitId}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        // Items come off by sku.
        var removed = await HttpAssert.OkJsonAsync(await account["requester"].Client.DeleteAsync($"/api/v1/favorite-lists/{id}/items/{Sku}"));
        Assert.Equal(1, removed.GetProperty("items").GetArrayLength());
        await HttpAssert.ProblemAsync(await account["requester"].Client.DeleteAsync($"/api/v1/favorite-lists/{id}/items/{Sku}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await account["requester"].Client.PostAsJsonAsync($"/api/v1/favorite-lists/{id}/items", new { sku = "NOPE-404" }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task After_three_orders_of_a_sku_it_is_suggested_with_its_typical_quantity()
    {
        var account = await world.CreateAccountAsync();
        var requester = account["requester"].Client;
        async Task OrderAsync(params (string Sku, decimal Quantity)[] lines) =>
            await ReorderingWorld.PostAsync(requester, "/api/v1/orders", null, new { deliveryAddressId = account.Address, lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToArray() });

        await OrderAsync((Sku, 4), (ReorderingWorld.OtherSku, 1));
        await OrderAsync((Sku, 6));
        var none = await HttpAssert.OkJsonAsync(await requester.GetAsync("/api/v1/reorder-suggestions"));
        Assert.Empty(none.GetProperty("items").EnumerateArray()); // twice is not yet a habit
        await OrderAsync((Sku, 4), (ReorderingWorld.OtherSku, 1));

        var suggestions = await HttpAssert.OkJsonAsync(await requester.GetAsync("/api/v1/reorder-suggestions?limit=10"));
        var suggestion = Assert.Single(suggestions.GetProperty("items").EnumerateArray());
        Assert.Equal(Sku, suggestion.GetProperty("sku").GetString());
        Assert.Equal(3, suggestion.GetProperty("orderCount").GetInt32());
        Assert.Equal(4m, suggestion.GetProperty("typicalQuantity").GetDecimal());
        Assert.True(suggestion.GetProperty("averageIntervalDays").GetDecimal() >= 0);
        Assert.True(suggestion.GetProperty("predictedNextAt").GetDateTimeOffset() >= suggestion.GetProperty("lastOrderedAt").GetDateTimeOffset());
        Assert.Contains("ordered-repeatedly", suggestion.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("3 orders", suggestion.GetProperty("explanation").GetString());
        Assert.True(suggestion.TryGetProperty("stock", out var stock) && stock.GetProperty("leadTimeDays").GetInt32() >= 0);

        // Another department's unit has no such history; the requester's colleague sees none of these orders.
        var sibling = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/reorder-suggestions?orgUnitId={account.Sibling}"));
        Assert.Empty(sibling.GetProperty("items").EnumerateArray());
        var department = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/reorder-suggestions?orgUnitId={account.Department}"));
        Assert.Single(department.GetProperty("items").EnumerateArray());
        var colleague = await HttpAssert.OkJsonAsync(await account["colleague"].Client.GetAsync("/api/v1/reorder-suggestions"));
        Assert.Empty(colleague.GetProperty("items").EnumerateArray());
        await HttpAssert.ProblemAsync(await requester.GetAsync("/api/v1/reorder-suggestions?limit=1000"), HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task A_schedule_missed_for_weeks_runs_once_moves_out_of_stock_lines_and_notifies_the_owner()
    {
        var account = await world.CreateAccountAsync();
        // A product the ERP has none of, with a lead time of 5 working days.
        var scarce = $"SCARCE-{Guid.NewGuid():N}"[..20];
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/products/{scarce}", new { name = "Scarce gasket", category = "fasteners", unit = "pc", packSize = 1, stockQuantity = 0, leadTimeDays = 5, regulated = false }), HttpStatusCode.Created);
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = $"LIST-{scarce}-EUR", kind = "list", sku = scarce, currency = "EUR", price = 3.5m } } }));

        var template = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/order-templates", null, new { name = "Weekly", lines = new[] { new { sku = Sku, quantity = 1m }, new { sku = scarce, quantity = 2m } } });
        var templateId = template.GetProperty("id").GetGuid();
        // Due four weeks ago (the instance was "down"): one run, not four.
        var due = DateTimeOffset.UtcNow.AddDays(-28).AddMinutes(-5);
        var schedule = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/replenishment-schedules", null, new { templateId, interval = "P1W", nextRunAt = due, mode = "suggest" });
        var scheduleId = schedule.GetProperty("id").GetGuid();

        var ran = await WaitForRunAsync(account["requester"].Client, scheduleId);
        await Task.Delay(3000); // a second run would have happened by now
        ran = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/replenishment-schedules/{scheduleId}"));
        var run = Assert.Single(ran.GetProperty("runs").EnumerateArray());
        Assert.Equal("cart-created", run.GetProperty("outcome").GetString());
        Assert.True(Math.Abs((due - run.GetProperty("dueAt").GetDateTimeOffset()).TotalMilliseconds) < 1, "the run serves the missed due time");
        var next = ran.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.True(next > DateTimeOffset.UtcNow && next <= DateTimeOffset.UtcNow.AddDays(7), $"next run {next}");
        var moved = Assert.Single(run.GetProperty("notes").EnumerateArray());
        Assert.Equal(scarce, moved.GetProperty("sku").GetString());
        Assert.Equal("moved", moved.GetProperty("action").GetString());

        var suggested = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync("/api/v1/carts?kind=suggested"));
        var summary = Assert.Single(suggested.GetProperty("items").EnumerateArray());
        Assert.Equal("suggested", summary.GetProperty("kind").GetString());
        var cart = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/carts/{summary.GetProperty("id").GetGuid()}"));
        var scarceLine = cart.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("sku").GetString() == scarce);
        Assert.Equal(moved.GetProperty("deliveryDate").GetString(), scarceLine.GetProperty("deliveryDate").GetString());
        Assert.True(DateOnly.Parse(scarceLine.GetProperty("deliveryDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5)));
        var standard = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync("/api/v1/carts?kind=standard"));
        Assert.DoesNotContain(standard.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == summary.GetProperty("id").GetGuid());

        // The owner is told by mail.
        var mail = await WaitForMailAsync(account["requester"].Email);
        Assert.Contains("Weekly", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(scarce, mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await RunsInDatabaseAsync(scheduleId));
    }

    [Fact]
    public async Task A_schedule_in_order_mode_places_the_order_through_the_placement_gate()
    {
        var account = await world.CreateAccountAsync();
        var template = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/order-templates", null, new { name = "Monthly", lines = new[] { new { sku = Sku, quantity = 3m } } });
        // An approval rule for every order of the account: the scheduled order waits for approval like any other.
        await ReorderingWorld.PostAsync(account["admin"].Client, "/api/v1/approval-rules", null, new
        {
            name = "Everything", conditions = new { minOrderTotal = 0m },
            levels = new[] { new { approverRole = "administrator", orgUnitId = account.Root } },
        });
        var schedule = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/replenishment-schedules", null, new
        {
            templateId = template.GetProperty("id").GetGuid(), interval = "P1M", nextRunAt = DateTimeOffset.UtcNow.AddSeconds(1), mode = "order",
        });
        var ran = await WaitForRunAsync(account["requester"].Client, schedule.GetProperty("id").GetGuid());
        var run = ran.GetProperty("runs")[0];
        Assert.Equal("order-placed", run.GetProperty("outcome").GetString());
        var order = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/orders/{run.GetProperty("orderId").GetGuid()}"));
        Assert.Equal("replenishment", order.GetProperty("source").GetString());
        Assert.Equal("pending-approval", order.GetProperty("status").GetString());
        Assert.Equal(account["requester"].UserId, order.GetProperty("requesterId").GetGuid());

        // A reader may not schedule orders; intervals are checked.
        await HttpAssert.ProblemAsync(await account["requester"].Client.PostAsJsonAsync("/api/v1/replenishment-schedules", new { templateId = template.GetProperty("id").GetGuid(), interval = "every tuesday", nextRunAt = DateTimeOffset.UtcNow }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        await HttpAssert.ProblemAsync(await account["requester"].Client.PostAsJsonAsync("/api/v1/replenishment-schedules", new { templateId = template.GetProperty("id").GetGuid(), interval = "* * * * *", nextRunAt = DateTimeOffset.UtcNow }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var cron = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/replenishment-schedules", null, new { templateId = template.GetProperty("id").GetGuid(), interval = "0 6 * * 1", nextRunAt = DateTimeOffset.UtcNow.AddDays(3) });
        var paused = await HttpAssert.OkJsonAsync(await account["requester"].Client.PatchAsJsonAsync($"/api/v1/replenishment-schedules/{cron.GetProperty("id").GetGuid()}", new { active = false }));
        Assert.False(paused.GetProperty("active").GetBoolean());
        await HttpAssert.ProblemAsync(await account["colleague"].Client.GetAsync($"/api/v1/replenishment-schedules/{cron.GetProperty("id").GetGuid()}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Runners_racing_for_one_due_period_make_exactly_one_run()
    {
        var account = await world.CreateAccountAsync();
        var template = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/order-templates", null, new { name = "Race", lines = new[] { new { sku = Sku, quantity = 1m } } });
        // Due since yesterday: the scheduled check (every second) races the runners below.
        var schedule = await ReorderingWorld.PostAsync(account["requester"].Client, "/api/v1/replenishment-schedules", null, new { templateId = template.GetProperty("id").GetGuid(), interval = "P1W", nextRunAt = DateTimeOffset.UtcNow.AddDays(-1) });
        var id = schedule.GetProperty("id").GetGuid();

        // Eight runners (as if on eight instances, each with its own connection) at once, the job too.
        using var start = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = world.Services.CreateAsyncScope();
            await start.WaitAsync();
            return await scope.ServiceProvider.GetRequiredService<Portal.Api.Features.Reordering.ReplenishmentRunner>().RunAsync(id, CancellationToken.None);
        }).ToList();
        start.Release(8);
        var outcomes = await Task.WhenAll(racers);
        await Task.Delay(2000);

        Assert.True(outcomes.Count(o => o) <= 1, "at most one racer ran it (the job may have been first)");
        Assert.Equal(1, await RunsInDatabaseAsync(id));
        var suggested = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync("/api/v1/carts?kind=suggested"));
        Assert.Single(suggested.GetProperty("items").EnumerateArray());
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, Guid scheduleId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var schedule = await HttpAssert.OkJsonAsync(await client.GetAsync($"/api/v1/replenishment-schedules/{scheduleId}"));
            if (schedule.GetProperty("runs").GetArrayLength() > 0)
            {
                return schedule;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The schedule did not run.");
    }

    private async Task<MimeKit.MimeMessage> WaitForMailAsync(string to)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var mail = world.Smtp.Messages.FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == to) && (m.Subject ?? string.Empty).Contains("Replenishment", StringComparison.Ordinal));
            if (mail is not null)
            {
                return mail;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"No replenishment mail to {to}.");
    }

    private async Task<long> RunsInDatabaseAsync(Guid scheduleId)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM replenishment_runs WHERE schedule_id = $1", connection);
        command.Parameters.AddWithValue(scheduleId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
