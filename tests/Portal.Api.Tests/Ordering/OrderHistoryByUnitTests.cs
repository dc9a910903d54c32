using System.Net;
using System.Text.Json;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.Api.Tests.Reordering;

namespace Portal.Api.Tests.Ordering;

/// <summary>
/// The order history filtered by org unit: a department's orders with its teams', for whoever may see them.
/// PostgreSQL, Redis, HTTP.
/// </summary>
public sealed class OrderHistoryByUnitTests(ReorderingWorld world) : IClassFixture<ReorderingWorld>
{
    private static async Task<JsonElement> OrderAsync(HttpClient client) =>
        await ReorderingWorld.PostAsync(client, "/api/v1/orders", null, new { lines = new[] { new { sku = ReorderingWorld.Sku, quantity = 1m } } },
            HttpStatusCode.Created, Guid.NewGuid().ToString());

    private static async Task<List<(string Number, Guid? Unit)>> ListAsync(HttpClient client, string query) =>
        (await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/orders?limit=200" + query))).GetProperty("items").EnumerateArray()
            .Select(o => (o.GetProperty("number").GetString()!, o.GetProperty("orgUnitId").ValueKind == JsonValueKind.Null ? (Guid?)null : o.GetProperty("orgUnitId").GetGuid()))
            .ToList();

    [Fact]
    public async Task A_units_orders_are_listed_with_those_of_the_units_below_it_and_no_others()
    {
        var account = await world.CreateAccountAsync();
        var department = (await OrderAsync(account["requester"].Client)).GetProperty("number").GetString();
        var colleague = (await OrderAsync(account["colleague"].Client)).GetProperty("number").GetString();
        var sibling = (await OrderAsync(account["outsider"].Client)).GetProperty("number").GetString();
        var admin = account["admin"].Client;

        var all = await ListAsync(admin, "");
        Assert.Equal(3, all.Count);
        Assert.Equal(account.Sibling, all.Single(o => o.Number == sibling).Unit); // the summary names the unit

        var ofDepartment = await ListAsync(admin, $"&orgUnitId={account.Department}");
        Assert.Equal(new[] { colleague, department }.Order(), ofDepartment.Select(o => o.Number).Order());
        var ofDivision = await ListAsync(admin, $"&orgUnitId={account.Division}");
        Assert.Equal(new[] { colleague, department }.Order(), ofDivision.Select(o => o.Number).Order());
        Assert.Equal(new[] { sibling }, (await ListAsync(admin, $"&orgUnitId={account.Sibling}")).Select(o => o.Number));
        Assert.Equal(3, (await ListAsync(admin, $"&orgUnitId={account.Root}")).Count);

        // The filter narrows what the caller sees, never widens it: a requester still sees only the own orders.
        Assert.Equal(new[] { department }, (await ListAsync(account["requester"].Client, $"&orgUnitId={account.Division}")).Select(o => o.Number));
        Assert.Empty(await ListAsync(account["deptAdmin"].Client, $"&orgUnitId={account.Sibling}"));

        // Another account's unit, or none: 404.
        var other = await world.CreateAccountAsync();
        await HttpAssert.ProblemAsync(await admin.GetAsync($"/api/v1/orders?orgUnitId={other.Department}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await admin.GetAsync($"/api/v1/orders?orgUnitId={Guid.NewGuid()}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }
}
