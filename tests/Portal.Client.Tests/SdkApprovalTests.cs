using Portal.Client;
using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>The SDK's approver and budget-check flows against the real API (PostgreSQL, demo account Acme).</summary>
public sealed class SdkApprovalTests(PortalApiFactory api) : SdkTestBase(api), IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task A_procurement_system_checks_the_budget_and_an_approver_decides_through_the_sdk()
    {
        var admin = NewClient("acme-admin");
        var buyer = NewClient("acme-buyer");
        var root = (await admin.Me.GetAsync()).Customer!.RootOrgUnitId!.Value;
        await admin.ApprovalRules.CreateAsync(new ApprovalRuleRequest { Name = "SDK", Levels = [new ApprovalLevelRequest { ApproverRole = "administrator" }] });
        var budget = await admin.Budgets.CreateAsync(new BudgetRequest
        {
            Name = "SDK budget", Scope = new BudgetScope { OrgUnitId = root }, Period = "month", Amount = 100_000m, Currency = "EUR", Policy = "block", Thresholds = [50],
        });
        Assert.Equal(100_000m, budget.Remaining);

        var check = await buyer.BudgetChecks.CheckAsync(new BudgetCheckRequest { Amount = 250m, Currency = "EUR" });
        Assert.True(check.Allowed);
        Assert.Equal("none", check.Policy);
        Assert.Contains(check.Budgets, b => b.BudgetId == budget.Id);
        var refused = await buyer.BudgetChecks.CheckAsync(new BudgetCheckRequest { Amount = 200_000m, Currency = "EUR" });
        Assert.False(refused.Allowed);
        Assert.Equal("block", refused.Policy);

        var order = await buyer.Orders.CreateAsync(body: new CreateOrderRequest { Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 5m }], CustomerReference = "SDK-APPROVAL" });
        Assert.Equal("pending-approval", order.Status.ToString());
        var pending = await admin.Approvals.ListAsync(status: "pending");
        var approval = Assert.Single(pending.Items, a => a.Order.Id == order.Id);
        Assert.True(approval.CanDecide);
        Assert.Contains(approval.BudgetEffects, e => e.BudgetId == budget.Id && e.Amount == order.Total);

        var decided = await admin.Approvals.ApproveAsync(approval.Id, new ApprovalDecisionRequest());
        Assert.Equal("approved", decided.Status);
        Assert.Equal("approved", (await buyer.Orders.GetAsync(order.Id)).Status.ToString());
        var after = await admin.Budgets.GetAsync(budget.Id);
        Assert.Equal(order.Total, after.Committed);

        using var pdf = await admin.Budgets.ReportAsync(period: DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), format: "pdf");
        var head = new byte[5];
        await pdf.Stream.ReadExactlyAsync(head);
        Assert.Equal("%PDF-"u8.ToArray(), head);
    }
}
