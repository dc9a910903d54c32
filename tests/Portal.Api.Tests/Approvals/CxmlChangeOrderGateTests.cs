using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Hosting.Demo;
using Portal.Api.Tests.Infrastructure;
using Portal.Api.Tests.Punchout;

namespace Portal.Api.Tests.Approvals;

/// <summary>
/// A change order (cXML OrderRequest type="update") passes the placement gate again: an approval given for other
/// lines does not cover the new ones, the budgets carry what the order costs now, and a block budget refuses a change
/// that would exceed it. Before, the lines and total were replaced and the order stayed approved, its budget charges
/// those of the first version.
/// </summary>
public sealed class CxmlChangeOrderGateTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>
{
    [Fact]
    public async Task A_change_order_is_approved_and_budgeted_again_and_refused_when_it_exceeds_a_block_budget()
    {
        await world.BuildAsync();
        using var admin = await world.CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[0].ClientId);
        await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync("/api/v1/approval-rules",
            new { name = "From 100", conditions = new { minOrderTotal = 100m }, levels = new[] { new { approverRole = "administrator" } } }), HttpStatusCode.Created);
        var root = (await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/me"))).GetProperty("customer").GetProperty("rootOrgUnitId").GetGuid();
        var budget = await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync("/api/v1/budgets",
            new { name = "Year", scope = new { orgUnitId = root }, period = "year", amount = 1000m, currency = "EUR", policy = "block" }), HttpStatusCode.Created);
        var budgetId = budget.GetProperty("id").GetGuid();

        string? lastMessage = null;
        async Task<int> SendAsync(int version, decimal boxes)
        {
            var (_, answer) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-CHANGE-GATE", [("FAS-1001", null, boxes, 1.5m, "CC-1010")],
                type: version == 1 ? "new" : "update", version: version));
            lastMessage = answer.Response!.Status.Message;
            return answer.Response.Status.Code;
        }
        async Task<(string Status, decimal Total)> OrderAsync(Guid id)
        {
            var order = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/orders/{id}"));
            return (order.GetProperty("status").GetString()!, order.GetProperty("total").GetDecimal());
        }
        async Task<(decimal Committed, decimal Reserved)> BudgetAsync()
        {
            var b = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/budgets/{budgetId}"));
            return (b.GetProperty("committed").GetDecimal(), b.GetProperty("reserved").GetDecimal());
        }
        async Task<JsonElement> ApprovalAsync(Guid orderId) =>
            (await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/approvals?status=all&limit=200"))).GetProperty("items").EnumerateArray()
                .Single(a => a.GetProperty("order").GetProperty("id").GetGuid() == orderId);

        Assert.Equal(200, await SendAsync(1, 10m)); // 15.00: under the rule's 100
        var list = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/orders?q=PO-CHANGE-GATE"));
        var orderId = Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();
        Assert.Equal(("submitted", 15m), await OrderAsync(orderId));
        Assert.Equal((15m, 0m), await BudgetAsync());

        Assert.Equal(200, await SendAsync(2, 100m)); // 150.00: now it needs approval, and reserves 150 instead of 15
        Assert.Equal(("pending-approval", 150m), await OrderAsync(orderId));
        Assert.Equal((0m, 150m), await BudgetAsync());
        var approvalId = (await ApprovalAsync(orderId)).GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/v1/approvals/{approvalId}/approve", new { }));
        Assert.Equal(("approved", 150m), await OrderAsync(orderId));
        Assert.Equal((150m, 0m), await BudgetAsync());

        Assert.Equal(200, await SendAsync(3, 200m)); // 300.00: the approval of 150 does not cover it
        Assert.Equal(("pending-approval", 300m), await OrderAsync(orderId));
        var restarted = await ApprovalAsync(orderId);
        Assert.Equal("pending", restarted.GetProperty("status").GetString());
        Assert.Equal(approvalId, restarted.GetProperty("id").GetGuid());
        Assert.Equal(300m, restarted.GetProperty("order").GetProperty("total").GetDecimal());
        Assert.Equal((0m, 300m), await BudgetAsync());

        Assert.Equal(409, await SendAsync(4, 2000m)); // 3,000.00 > the block budget of 1,000: refused, nothing changes
        Assert.Equal("The budget 'Year' has 1000.00 EUR left; the order needs 3000.00. The change was not applied; the order stays as it was.", lastMessage);
        Assert.Equal(("pending-approval", 300m), await OrderAsync(orderId));
        Assert.Equal((0m, 300m), await BudgetAsync());

        Assert.Equal(200, await SendAsync(5, 10m)); // back to 15.00: no approval needed; the pending one is cancelled
        Assert.Equal(("submitted", 15m), await OrderAsync(orderId));
        Assert.Equal("cancelled", (await ApprovalAsync(orderId)).GetProperty("status").GetString());
        Assert.Equal((15m, 0m), await BudgetAsync());
        var history = (await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/orders/{orderId}"))).GetProperty("history").EnumerateArray()
            .Select(h => (h.GetProperty("from").GetString(), h.GetProperty("to").GetString())).ToList();
        Assert.Contains(("approved", "pending-approval"), history);
        Assert.Contains(("pending-approval", "submitted"), history);
    }
}
