using System.Net;
using System.Net.Http.Json;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Approvals;

/// <summary>
/// Budgets belong to a unit: a department's figures and the orders behind them are read by the roles at that unit
/// or above it, not by another department's approver, and budget checks stay inside the caller's units. Approval
/// rules likewise, except that a unit's roles also read the rules above them (they apply to their orders).
/// PostgreSQL, Redis, HTTP.
/// </summary>
public sealed class BudgetVisibilityTests(ApprovalsWorld world) : IClassFixture<ApprovalsWorld>
{
    private static async Task<Guid> BudgetAsync(ApprovalsWorld.Account account, string name, object scope) =>
        (await ApprovalsWorld.PostAsync(account["admin"].Client, "/api/v1/budgets", null, new { name, scope, period = "month", amount = 100000m, currency = "EUR", policy = "warn" }))
            .GetProperty("id").GetGuid();

    private static async Task<List<string>> NamesAsync(HttpClient client) =>
        (await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/budgets"))).EnumerateArray().Select(b => b.GetProperty("name").GetString()!).ToList();

    private static async Task<string> ReportAsync(HttpClient client)
    {
        var period = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.GetAsync($"/api/v1/budgets/report?period={period}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Another_departments_budgets_and_their_orders_are_not_readable()
    {
        var account = await world.CreateAccountAsync();
        var department = await BudgetAsync(account, "Department's cost center", new { costCenterId = account.CostCenter });
        var besides = await BudgetAsync(account, "Unit beside", new { orgUnitId = account.Empty });
        var order = await ApprovalsWorld.PlaceAsync(account, 1);
        var number = order.GetProperty("number").GetString()!;

        // The approver beside the division reads its own unit's budget only.
        var sibling = account["sibling"].Client;
        Assert.Equal(["Unit beside"], await NamesAsync(sibling));
        await HttpAssert.ProblemAsync(await sibling.GetAsync($"/api/v1/budgets/{department}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.OkJsonAsync(await sibling.GetAsync($"/api/v1/budgets/{besides}"));
        var report = await ReportAsync(sibling);
        Assert.DoesNotContain("Department's cost center", report, StringComparison.Ordinal);
        Assert.DoesNotContain(number, report, StringComparison.Ordinal);
        Assert.Contains("Unit beside", report, StringComparison.Ordinal);

        // The department's approver reads the department's; the root's approver and administrator read both.
        Assert.Equal(["Department's cost center"], await NamesAsync(account["a1"].Client));
        Assert.Contains(number, await ReportAsync(account["a1"].Client), StringComparison.Ordinal);
        Assert.Equal(["Department's cost center", "Unit beside"], await NamesAsync(account["a3"].Client));
        Assert.Equal(["Department's cost center", "Unit beside"], await NamesAsync(account["admin"].Client));
    }

    [Fact]
    public async Task Another_departments_approval_rules_are_not_readable_the_own_and_those_above_are()
    {
        var account = await world.CreateAccountAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        async Task<Guid> RuleAsync(string name, Guid? orgUnitId) =>
            (await ApprovalsWorld.PostAsync(account["admin"].Client, "/api/v1/approval-rules", null, new
            {
                name = name + tag, conditions = new { minOrderTotal = 1_000_000m, orgUnitId }, levels = new[] { new { approverRole = "approver" } },
            })).GetProperty("id").GetGuid();
        var department = await RuleAsync("department", account.Department);
        var besides = await RuleAsync("besides", account.Empty);
        var company = await RuleAsync("company", null);
        async Task<List<string>> ListAsync(HttpClient client) =>
            (await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/approval-rules"))).EnumerateArray()
                .Select(r => r.GetProperty("name").GetString()!).Where(n => n.EndsWith(tag, StringComparison.Ordinal)).Select(n => n[..^tag.Length]).Order().ToList();

        // The approver beside the division: its unit's rule and the company's, not the department's.
        var sibling = account["sibling"].Client;
        Assert.Equal(["besides", "company"], await ListAsync(sibling));
        await HttpAssert.ProblemAsync(await sibling.GetAsync($"/api/v1/approval-rules/{department}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.OkJsonAsync(await sibling.GetAsync($"/api/v1/approval-rules/{besides}"));
        await HttpAssert.OkJsonAsync(await sibling.GetAsync($"/api/v1/approval-rules/{company}"));

        // The department's approver: its own and the company's; the division's approver: the department's below it too.
        Assert.Equal(["company", "department"], await ListAsync(account["a1"].Client));
        await HttpAssert.ProblemAsync(await account["a1"].Client.GetAsync($"/api/v1/approval-rules/{besides}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Equal(["company", "department"], await ListAsync(account["a2"].Client));
        Assert.Equal(["besides", "company", "department"], await ListAsync(account["a3"].Client));
        Assert.Equal(["besides", "company", "department"], await ListAsync(account["admin"].Client));
    }

    [Fact]
    public async Task A_budget_check_stays_inside_the_callers_units_and_cost_centers()
    {
        var account = await world.CreateAccountAsync();
        await BudgetAsync(account, "Unit beside", new { orgUnitId = account.Empty });
        var besideCostCenter = (await ApprovalsWorld.PostAsync(world.Admin, "/api/v1/cost-centers", account.Id, new { code = "CC-B", name = "Beside", orgUnitId = account.Empty }))
            .GetProperty("id").GetGuid();
        var deputy = account["deputy"].Client; // requester at the department

        await HttpAssert.ProblemAsync(await deputy.PostAsJsonAsync("/api/v1/budget-checks", new { orgUnitId = account.Empty, amount = 10m, currency = "EUR" }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await deputy.PostAsJsonAsync("/api/v1/budget-checks", new { costCenterId = besideCostCenter, amount = 10m, currency = "EUR" }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.OkJsonAsync(await deputy.PostAsJsonAsync("/api/v1/budget-checks", new { orgUnitId = account.Department, costCenterId = account.CostCenter, amount = 10m, currency = "EUR" }));

        // The root's administrator checks anywhere.
        var there = await HttpAssert.OkJsonAsync(await account["admin"].Client.PostAsJsonAsync("/api/v1/budget-checks", new { orgUnitId = account.Empty, amount = 10m, currency = "EUR" }));
        Assert.Equal("Unit beside", there.GetProperty("budgets")[0].GetProperty("budget").GetString());
    }
}
