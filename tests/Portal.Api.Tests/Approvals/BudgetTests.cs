using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Approvals;

/// <summary>Budgets against the real PostgreSQL: no overspending under concurrency, checks that agree with ordering, thresholds, reports.</summary>
public sealed class BudgetTests(ApprovalsWorld world) : IClassFixture<ApprovalsWorld>
{
    private static async Task<Guid> BudgetAsync(ApprovalsWorld.Account account, object budget) =>
        (await ApprovalsWorld.PostAsync(account["admin"].Client, "/api/v1/budgets", null, budget)).GetProperty("id").GetGuid();

    [Fact]
    public async Task Thirty_two_concurrent_orders_against_a_block_budget_of_ten_leave_exactly_ten()
    {
        var account = await world.CreateAccountAsync();
        var price = await ApprovalsWorld.UnitPriceAsync(account);
        // Ten orders' worth: the issue's 1,000 EUR for orders of 100 EUR, in this catalog's price.
        var budgetId = await BudgetAsync(account, new { scope = new { orgUnitId = account.Root }, period = "month", amount = price * 10, currency = "EUR", policy = "block" });

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 32).Select(async _ =>
        {
            await start.WaitAsync();
            return await ApprovalsWorld.OrderAsync(account, 1);
        }).ToList();
        start.Release(32);
        var responses = await Task.WhenAll(attempts);
        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(22, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var refused = await HttpAssert.ProblemAsync(responses.First(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict, "urn:portal:problem:budget-exceeded");
        Assert.Equal(budgetId, refused.GetProperty("budgetId").GetGuid());
        Assert.Equal(0m, refused.GetProperty("remaining").GetDecimal());

        var budget = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/budgets/{budgetId}"));
        Assert.Equal(0m, budget.GetProperty("remaining").GetDecimal());
        Assert.Equal(price * 10, budget.GetProperty("committed").GetDecimal());
        var orders = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/orders?limit=100"));
        Assert.Equal(10, orders.GetProperty("items").GetArrayLength());

        // The period's total the ledger kept under the lock is the sum of the charges written.
        await using var scope = world.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var charged = await db.Set<Portal.Api.Features.Budgets.BudgetPeriodTotal>().IgnoreQueryFilters().Where(t => t.BudgetId == budgetId).Select(t => t.Charged).ToListAsync();
        var charges = await db.Set<Portal.Api.Features.Budgets.BudgetCharge>().IgnoreQueryFilters().Where(c => c.BudgetId == budgetId).Select(c => c.Amount).ToListAsync();
        Assert.Equal([price * 10], charged);
        Assert.Equal(10, charges.Count);
        Assert.Equal(price * 10, charges.Sum());
    }

    [Fact]
    public async Task A_csv_import_charges_each_of_its_orders_before_checking_the_next()
    {
        var account = await world.CreateAccountAsync();
        var price = await ApprovalsWorld.UnitPriceAsync(account);
        var requester = account["requester"].Client;
        var budgetId = await BudgetAsync(account, new { scope = new { orgUnitId = account.Department }, period = "month", amount = Math.Round(price * 2.5m, 2), currency = "EUR", policy = "require-approval" });
        string Csv(string reference) =>
            $"customer_reference;sku;quantity\n{reference}-1;{ApprovalsWorld.Sku};1\n{reference}-2;{ApprovalsWorld.Sku};1\n{reference}-3;{ApprovalsWorld.Sku};1\n";

        var report = await HttpAssert.OkJsonAsync(await requester.PostAsync("/api/v1/order-imports", new StringContent(Csv("IMP-A"), Encoding.UTF8, "text/csv")));
        var statuses = new List<string>();
        foreach (var placed in report.GetProperty("orders").EnumerateArray())
        {
            var order = await HttpAssert.OkJsonAsync(await requester.GetAsync($"/api/v1/orders/{placed.GetProperty("id").GetGuid()}"));
            statuses.Add(order.GetProperty("status").GetString()!);
        }
        // The third order would exceed what the first two left: approval.
        Assert.Equal(["submitted", "submitted", "pending-approval"], statuses);
        var budget = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/budgets/{budgetId}"));
        Assert.Equal(price * 2, budget.GetProperty("committed").GetDecimal());
        Assert.Equal(price, budget.GetProperty("reserved").GetDecimal());

        // A block budget the third order of the next file would exceed: nothing of that file is placed.
        await BudgetAsync(account, new { scope = new { orgUnitId = account.Department }, period = "month", amount = Math.Round(price * 2.5m, 2), currency = "EUR", policy = "block" });
        var before = (await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/orders?limit=100"))).GetProperty("items").GetArrayLength();
        await HttpAssert.ProblemAsync(
            await requester.PostAsync("/api/v1/order-imports", new StringContent(Csv("IMP-B"), Encoding.UTF8, "text/csv")), HttpStatusCode.Conflict, "urn:portal:problem:budget-exceeded");
        Assert.Equal(before, (await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/orders?limit=100"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Carry_over_adds_what_the_last_period_left_and_a_rejected_order_releases_its_charge()
    {
        var account = await world.CreateAccountAsync();
        var price = await ApprovalsWorld.UnitPriceAsync(account);
        var budgetId = await BudgetAsync(account, new { scope = new { orgUnitId = account.Department }, period = "month", amount = price * 4, currency = "EUR", policy = "require-approval", carryOver = true });
        async Task<System.Text.Json.JsonElement> BudgetReadAsync() =>
            await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/budgets/{budgetId}"));

        // An order of last month: placed now, its charge (and the period's total) moved into the previous period.
        // 4 - 1 units are carried.
        await ApprovalsWorld.PlaceAsync(account, 1);
        await using (var scope = world.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var previous = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
            Assert.Equal(1, await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE budget_charges SET period_start = {previous} WHERE budget_id = {budgetId}"));
            Assert.Equal(1, await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE budget_period_totals SET period_start = {previous} WHERE budget_id = {budgetId}"));
        }
        var budget = await BudgetReadAsync();
        Assert.Equal(price * 3, budget.GetProperty("carriedOver").GetDecimal());
        Assert.Equal(price * 7, budget.GetProperty("available").GetDecimal());
        Assert.Equal(0m, budget.GetProperty("committed").GetDecimal());
        Assert.Equal(price * 7, budget.GetProperty("remaining").GetDecimal());

        // This month: 2 units committed; 6 more exceed what is left (prices per unit fall with the quantity, so the
        // orders' totals are compared), so that order waits for approval (reserved).
        var two = (await ApprovalsWorld.PlaceAsync(account, 2)).GetProperty("total").GetDecimal();
        var pending = await ApprovalsWorld.PlaceAsync(account, 6);
        Assert.Equal("pending-approval", pending.GetProperty("status").GetString());
        budget = await BudgetReadAsync();
        Assert.Equal(two, budget.GetProperty("committed").GetDecimal());
        Assert.Equal(pending.GetProperty("total").GetDecimal(), budget.GetProperty("reserved").GetDecimal());

        // Rejected: its charge no longer counts.
        var approval = (await ApprovalsWorld.ApprovalOfAsync(account, pending.GetProperty("id").GetGuid())).GetProperty("id").GetGuid();
        var rejected = await HttpAssert.OkJsonAsync(await account["a1"].Client.PostAsJsonAsync($"/api/v1/approvals/{approval}/reject", new { reason = "Over budget" }));
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        budget = await BudgetReadAsync();
        Assert.Equal(two, budget.GetProperty("committed").GetDecimal());
        Assert.Equal(0m, budget.GetProperty("reserved").GetDecimal());
        Assert.Equal(price * 7 - two, budget.GetProperty("remaining").GetDecimal());
    }

    [Fact]
    public async Task Cancellations_and_decisions_racing_with_new_orders_keep_each_period_total_equal_to_its_charges()
    {
        var account = await world.CreateAccountAsync();
        var price = await ApprovalsWorld.UnitPriceAsync(account);
        // Every order charges both budgets; past two units' worth of the department's budget, orders wait for approval.
        var unit = await BudgetAsync(account, new { scope = new { orgUnitId = account.Department }, period = "month", amount = Math.Round(price * 2.5m, 2), currency = "EUR", policy = "require-approval" });
        var center = await BudgetAsync(account, new { scope = new { costCenterId = account.CostCenter }, period = "quarter", amount = price * 1000, currency = "EUR", policy = "warn" });
        var placed = new List<System.Text.Json.JsonElement>();
        for (var i = 0; i < 6; i++)
        {
            placed.Add(await ApprovalsWorld.PlaceAsync(account, 1));
        }
        Assert.Equal(["submitted", "submitted", "pending-approval", "pending-approval", "pending-approval", "pending-approval"], placed.Select(o => o.GetProperty("status").GetString()));
        Guid Id(int i) => placed[i].GetProperty("id").GetGuid();
        async Task<Guid> ApprovalAsync(int i) => (await ApprovalsWorld.ApprovalOfAsync(account, Id(i))).GetProperty("id").GetGuid();
        var (approve, reject) = (await ApprovalAsync(2), await ApprovalAsync(3));

        // At once: a submitted and a pending order cancelled, one approval granted and one refused, eight new orders.
        using var start = new SemaphoreSlim(0);
        async Task<HttpResponseMessage> AfterStartAsync(Func<Task<HttpResponseMessage>> send)
        {
            await start.WaitAsync();
            return await send();
        }
        var moves = new List<Task<HttpResponseMessage>>
        {
            AfterStartAsync(() => account["requester"].Client.PostAsync($"/api/v1/orders/{Id(0)}/cancel", null)),
            AfterStartAsync(() => account["requester"].Client.PostAsync($"/api/v1/orders/{Id(4)}/cancel", null)),
            AfterStartAsync(() => account["a1"].Client.PostAsJsonAsync($"/api/v1/approvals/{approve}/approve", new { reason = "Fine" })),
            AfterStartAsync(() => account["a1"].Client.PostAsJsonAsync($"/api/v1/approvals/{reject}/reject", new { reason = "No" })),
        };
        var orders = Enumerable.Range(0, 8).Select(_ => AfterStartAsync(() => ApprovalsWorld.OrderAsync(account, 1))).ToList();
        start.Release(moves.Count + orders.Count);
        foreach (var move in await Task.WhenAll(moves))
        {
            Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        }
        Assert.All(await Task.WhenAll(orders), o => Assert.Equal(HttpStatusCode.Created, o.StatusCode));

        // Each period's totals row is what its charges add up to: all of them, those of orders pending approval, and
        // those of rejected or cancelled orders.
        await using var scope = world.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var charges = await (from c in db.Set<Portal.Api.Features.Budgets.BudgetCharge>().IgnoreQueryFilters()
                             join o in db.Orders.IgnoreQueryFilters() on c.OrderId equals o.Id
                             where c.BudgetId == unit || c.BudgetId == center
                             select new { c.BudgetId, c.Amount, o.Status }).ToListAsync();
        var totals = await db.Set<Portal.Api.Features.Budgets.BudgetPeriodTotal>().IgnoreQueryFilters().Where(t => t.BudgetId == unit || t.BudgetId == center).ToListAsync();
        Assert.Equal(2, totals.Count);
        foreach (var total in totals)
        {
            var mine = charges.Where(c => c.BudgetId == total.BudgetId).ToList();
            Assert.Equal(14, mine.Count);
            Assert.Equal(mine.Sum(c => c.Amount), total.Charged);
            Assert.Equal(mine.Where(c => c.Status == "pending-approval").Sum(c => c.Amount), total.Reserved);
            Assert.Equal(mine.Where(c => c.Status is "rejected" or "cancelled").Sum(c => c.Amount), total.Released);
        }
        Assert.Equal(3, charges.Count(c => c.BudgetId == unit && c.Status is "rejected" or "cancelled"));

        // What the API reports is the same arithmetic.
        var read = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/budgets/{center}"));
        var counting = charges.Where(c => c.BudgetId == center && c.Status is not ("rejected" or "cancelled")).ToList();
        Assert.Equal(counting.Where(c => c.Status == "pending-approval").Sum(c => c.Amount), read.GetProperty("reserved").GetDecimal());
        Assert.Equal(counting.Where(c => c.Status != "pending-approval").Sum(c => c.Amount), read.GetProperty("committed").GetDecimal());
    }

    [Fact]
    public async Task The_budget_check_agrees_with_what_ordering_does()
    {
        var account = await world.CreateAccountAsync();
        var price = await ApprovalsWorld.UnitPriceAsync(account);
        var block = await BudgetAsync(account, new { name = "Maintenance block", scope = new { costCenterId = account.CostCenter }, period = "quarter", amount = Math.Round(price * 2.5m, 2), currency = "EUR", policy = "block", thresholds = new[] { 30, 50 } });
        var requester = account["requester"].Client;

        async Task<System.Text.Json.JsonElement> CheckAsync(decimal amount) =>
            await HttpAssert.OkJsonAsync(await requester.PostAsJsonAsync("/api/v1/budget-checks", new { costCenterId = account.CostCenter, amount, currency = "EUR" }));

        var first = await CheckAsync(price);
        Assert.True(first.GetProperty("allowed").GetBoolean());
        Assert.Equal(Math.Round(price * 2.5m, 2), first.GetProperty("remaining").GetDecimal());
        Assert.Equal(block, first.GetProperty("budgets")[0].GetProperty("budgetId").GetGuid());
        await ApprovalsWorld.PlaceAsync(account, 1);

        var second = await CheckAsync(price * 2);
        Assert.False(second.GetProperty("allowed").GetBoolean());
        Assert.Equal("block", second.GetProperty("policy").GetString());
        Assert.True(second.GetProperty("wouldExceed").GetBoolean());
        await HttpAssert.ProblemAsync(await ApprovalsWorld.OrderAsync(account, 2), HttpStatusCode.Conflict, "urn:portal:problem:budget-exceeded");

        var third = await CheckAsync(price);
        Assert.True(third.GetProperty("allowed").GetBoolean());
        await ApprovalsWorld.PlaceAsync(account, 1);

        // A require-approval budget on the requester's unit (charged by orders placed from now on): the check
        // says so, and ordering sends such an order to approval although no rule exists.
        await BudgetAsync(account, new { scope = new { orgUnitId = account.Department }, period = "month", amount = Math.Round(price * 2.1m, 2), currency = "EUR", policy = "require-approval" });
        var fourth = await HttpAssert.OkJsonAsync(await requester.PostAsJsonAsync("/api/v1/budget-checks", new { amount = price * 3, currency = "EUR" }));
        Assert.True(fourth.GetProperty("allowed").GetBoolean());
        Assert.Equal("require-approval", fourth.GetProperty("policy").GetString());
        var pending = await HttpAssert.OkJsonAsync(await requester.PostAsJsonAsync("/api/v1/orders", new { deliveryAddressId = account.Address, lines = new[] { new { sku = ApprovalsWorld.Sku, quantity = 3m } } }), HttpStatusCode.Created);
        Assert.Equal("pending-approval", pending.GetProperty("status").GetString());
        var fifth = await HttpAssert.OkJsonAsync(await requester.PostAsJsonAsync("/api/v1/budget-checks", new { amount = price, currency = "EUR" }));
        Assert.Equal(Math.Round(price * 2.1m, 2) - pending.GetProperty("total").GetDecimal(), fifth.GetProperty("remaining").GetDecimal()); // reserved counts

        // Thresholds fired once each for this period (30 % at the first order at 40 %, 50 % at the second at about 80 %).
        await using var scope = world.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var thresholds = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Type == "budget.threshold_reached" && m.Body.Contains(block.ToString())).ToListAsync();
        Assert.Equal(2, thresholds.Count);
    }

    [Fact]
    public async Task The_report_opens_as_csv_with_safe_cells_and_as_pdf()
    {
        var account = await world.CreateAccountAsync();
        var price = await ApprovalsWorld.UnitPriceAsync(account);
        await BudgetAsync(account, new { name = "=HYPERLINK(\"http://evil\")", scope = new { costCenterId = account.CostCenter }, period = "month", amount = price * 5, currency = "EUR", policy = "warn" });
        var order = await ApprovalsWorld.PlaceAsync(account, 1);
        var period = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/budgets/report?period={period}");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        using var csv = await account["admin"].Client.SendAsync(csvRequest);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("row,budget,scope,", rows[0], StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", rows[1], StringComparison.Ordinal);
        Assert.Contains("Cost center CC-7 Maintenance", rows[1], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("order,", StringComparison.Ordinal) && r.Contains(order.GetProperty("number").GetString()!, StringComparison.Ordinal) && r.EndsWith(",committed", StringComparison.Ordinal));
        Assert.DoesNotContain(rows.Skip(1), r => r.Split(',').Any(cell => cell.Length > 0 && cell[0] is '=' or '+' or '@'));

        using var pdfRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/budgets/report?period={period}");
        pdfRequest.Headers.Accept.ParseAdd("application/pdf");
        using var pdf = await account["admin"].Client.SendAsync(pdfRequest);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        Assert.Contains("%%EOF", Encoding.ASCII.GetString(bytes[^32..]), StringComparison.Ordinal);
        Assert.Contains("/FontFile2", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal); // the embedded font

        await HttpAssert.ProblemAsync(await account["admin"].Client.GetAsync("/api/v1/budgets/report?period=2026-13"), HttpStatusCode.BadRequest, "urn:portal:problem:validation");
    }
}
