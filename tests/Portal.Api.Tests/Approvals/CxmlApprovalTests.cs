using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Hosting.Demo;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;
using Portal.Api.Tests.Punchout;

namespace Portal.Api.Tests.Approvals;

/// <summary>cXML OrderRequests pass the same gate: acknowledged while pending approval, rejection reported through status and events; a block budget refuses.</summary>
public sealed class CxmlApprovalTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>
{
    [Fact]
    public async Task A_cxml_order_needing_approval_is_acknowledged_and_its_rejection_is_reported_later()
    {
        await world.BuildAsync();
        using var acmeAdmin = await world.CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[0].ClientId);
        await HttpAssert.OkJsonAsync(await acmeAdmin.PostAsJsonAsync("/api/v1/approval-rules", new { name = "cXML orders", levels = new[] { new { approverRole = "administrator" } } }), HttpStatusCode.Created);

        var (http, answer) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-APPROVE-1", [("FAS-1001", null, 10m, 0.5m, "CC-1010")]));
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        var orders = await HttpAssert.OkJsonAsync(await acmeAdmin.GetAsync("/api/v1/orders?q=PO-APPROVE-1"));
        var order = orders.GetProperty("items")[0];
        Assert.Equal("pending-approval", order.GetProperty("status").GetString());
        var orderId = order.GetProperty("id").GetGuid();

        var approvals = await HttpAssert.OkJsonAsync(await acmeAdmin.GetAsync("/api/v1/approvals?status=pending"));
        var approval = approvals.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("order").GetProperty("id").GetGuid() == orderId);
        await HttpAssert.OkJsonAsync(await acmeAdmin.PostAsJsonAsync($"/api/v1/approvals/{approval.GetProperty("id").GetGuid()}/reject", new { reason = "Not budgeted" }));

        var after = await HttpAssert.OkJsonAsync(await acmeAdmin.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal("rejected", after.GetProperty("status").GetString());
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var events = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Body.Contains(orderId.ToString())).Select(m => m.Type).ToListAsync();
        Assert.Contains("approval.requested", events);
        Assert.Contains("approval.decided", events);
        Assert.Contains("order.status_changed", events);

        // A block budget the order would exceed: the OrderRequest is refused and nothing is placed.
        var root = (await HttpAssert.OkJsonAsync(await acmeAdmin.GetAsync("/api/v1/me"))).GetProperty("customer").GetProperty("rootOrgUnitId").GetGuid();
        await HttpAssert.OkJsonAsync(await acmeAdmin.PostAsJsonAsync("/api/v1/budgets", new { scope = new { orgUnitId = root }, period = "year", amount = 1m, currency = "EUR", policy = "block" }), HttpStatusCode.Created);
        var (_, refused) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-APPROVE-2", [("FAS-1001", null, 10m, 0.5m, "CC-1010")]));
        Assert.Equal(409, refused.Response!.Status.Code);
        Assert.Contains("budget", refused.Response.Status.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await db.Orders.IgnoreQueryFilters().CountAsync(o => o.CustomerReference == "PO-APPROVE-2"));
    }
}
