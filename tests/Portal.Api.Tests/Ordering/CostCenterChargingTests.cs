using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.Api.Tests.Reordering;

namespace Portal.Api.Tests.Ordering;

/// <summary>
/// A cost center serves its org unit and the units below it: a requester of another department may not charge it
/// (its budget is that department's), on any path that sets a line's cost center. PostgreSQL, Redis, HTTP.
/// </summary>
public sealed class CostCenterChargingTests(ReorderingWorld world) : IClassFixture<ReorderingWorld>
{
    private static readonly string Sku = ReorderingWorld.Sku;

    private static object Lines(Guid? costCenterId) => new { lines = new[] { new { sku = Sku, quantity = 1m, costCenterId } } };

    private static async Task<JsonElement> OrderAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await ReorderingWorld.PostAsync(client, "/api/v1/orders", null, body, expected, Guid.NewGuid().ToString());

    private static async Task<int> OrderCountAsync(HttpClient client) =>
        (await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/orders?limit=100"))).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task Another_departments_cost_center_is_refused_the_own_and_the_companys_are_charged()
    {
        var account = await world.CreateAccountAsync();
        var outsider = account["outsider"].Client;

        // The department's cost center: its requester and the root's administrator charge it; the other division's requester may not.
        var own = await OrderAsync(account["requester"].Client, Lines(account.CostCenter));
        Assert.Equal("CC-21", own.GetProperty("lines")[0].GetProperty("costCenterCode").GetString());
        await OrderAsync(account["admin"].Client, Lines(account.CostCenter));
        var refused = await HttpAssert.ProblemAsync(
            await outsider.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(Lines(account.CostCenter)), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } } }),
            HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Contains("lines[0].costCenterId", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("CC-21", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await OrderCountAsync(outsider));

        // A company-wide cost center (at the root) serves every unit below it.
        var company = (await ReorderingWorld.PostAsync(world.Admin, "/api/v1/cost-centers", account.Id, new { code = "CC-00", name = "Company", orgUnitId = account.Root })).GetProperty("id").GetGuid();
        var charged = await OrderAsync(outsider, Lines(company));
        Assert.Equal("CC-00", charged.GetProperty("lines")[0].GetProperty("costCenterCode").GetString());
        Assert.Equal(1, await OrderCountAsync(outsider));
    }

    [Fact]
    public async Task Carts_csv_files_and_templates_refuse_it_and_a_shared_template_drops_it()
    {
        var account = await world.CreateAccountAsync();
        var outsider = account["outsider"].Client;

        var cart = (await ReorderingWorld.PostAsync(outsider, "/api/v1/carts", null, new { name = "Mine" })).GetProperty("id").GetGuid();
        await HttpAssert.ProblemAsync(await outsider.PostAsJsonAsync($"/api/v1/carts/{cart}/lines", new { sku = Sku, quantity = 1m, costCenterId = account.CostCenter }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var line = (await HttpAssert.OkJsonAsync(await outsider.PostAsJsonAsync($"/api/v1/carts/{cart}/lines", new { sku = Sku, quantity = 1m })))
            .GetProperty("lines")[0].GetProperty("id").GetGuid();
        await HttpAssert.ProblemAsync(await outsider.PatchAsJsonAsync($"/api/v1/carts/{cart}/lines/{line}", new { costCenterId = account.CostCenter }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);

        using var csv = new StringContent($"customer_reference,sku,quantity,cost_center\nR-1,{Sku},1,\nR-2,{Sku},2,CC-21\n", Encoding.UTF8, "text/csv");
        var problem = await HttpAssert.ProblemAsync(await outsider.PostAsync("/api/v1/order-imports", csv), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var error = Assert.Single(problem.GetProperty("rowErrors").EnumerateArray());
        Assert.Equal((3, "cost_center", "cost-center-not-allowed"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(0, await OrderCountAsync(outsider));

        await HttpAssert.ProblemAsync(await outsider.PostAsJsonAsync("/api/v1/order-templates", new { name = "Theirs", lines = new[] { new { sku = Sku, quantity = 1m, costCenterId = account.CostCenter } } }),
            HttpStatusCode.Forbidden, ProblemTypes.Forbidden);

        // An account-wide template the root's administrator charged to the department: its requester keeps the cost
        // center, the other division's requester orders the lines without it (as with a deactivated cost center).
        var template = (await ReorderingWorld.PostAsync(account["admin"].Client, "/api/v1/order-templates", null,
            new { name = "Everyone", scope = "account", lines = new[] { new { sku = Sku, quantity = 3m, costCenterId = account.CostCenter } } })).GetProperty("id").GetGuid();
        var theirs = await ReorderingWorld.PostAsync(outsider, $"/api/v1/order-templates/{template}/order", null, new { }, idempotencyKey: Guid.NewGuid().ToString());
        Assert.NotEqual("CC-21", theirs.GetProperty("lines")[0].GetProperty("costCenterCode").GetString());
        var mine = await ReorderingWorld.PostAsync(account["requester"].Client, $"/api/v1/order-templates/{template}/order", null, new { }, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal("CC-21", mine.GetProperty("lines")[0].GetProperty("costCenterCode").GetString());
    }

    [Fact]
    public async Task A_cart_is_checked_again_when_ordered_after_its_user_moved_to_another_unit()
    {
        var account = await world.CreateAccountAsync();
        var requester = account["requester"];
        var cart = (await ReorderingWorld.PostAsync(requester.Client, "/api/v1/carts", null, new { name = "Workshop" })).GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await requester.Client.PostAsJsonAsync($"/api/v1/carts/{cart}/lines", new { sku = Sku, quantity = 2m, costCenterId = account.CostCenter }));

        // The requester moves to the other division, with its role: the department's cost center is not its any more.
        using var move = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/users/{requester.UserId}")
        {
            Content = JsonContent.Create(new { orgUnitId = account.Sibling, roles = new[] { new { role = "requester", orgUnitId = account.Sibling } } }),
        };
        move.Headers.Add("Portal-Customer", account.Id.ToString());
        await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(move));

        var refused = await HttpAssert.ProblemAsync(
            await requester.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(new { cartId = cart }), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } } }),
            HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Contains("cart line 1", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await OrderCountAsync(requester.Client));
        Assert.Single((await HttpAssert.OkJsonAsync(await requester.Client.GetAsync($"/api/v1/carts/{cart}"))).GetProperty("lines").EnumerateArray());
    }

    [Fact]
    public async Task A_departments_administrator_cannot_make_another_departments_cost_center_its_default()
    {
        var account = await world.CreateAccountAsync();
        var other = (await ReorderingWorld.PostAsync(world.Admin, "/api/v1/cost-centers", account.Id, new { code = "CC-OTHER", name = "Other division", orgUnitId = account.Sibling })).GetProperty("id").GetGuid();
        var company = (await ReorderingWorld.PostAsync(world.Admin, "/api/v1/cost-centers", account.Id, new { code = "CC-ALL", name = "Company", orgUnitId = account.Root })).GetProperty("id").GetGuid();
        var deptAdmin = account["deptAdmin"].Client;

        async Task<HttpResponseMessage> SetDefaultAsync(HttpClient client, Guid costCenter)
        {
            var unit = await client.GetAsync($"/api/v1/org-units/{account.Department}");
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/org-units/{account.Department}") { Content = JsonContent.Create(new { defaultCostCenterId = costCenter }) };
            patch.Headers.TryAddWithoutValidation("If-Match", unit.Headers.ETag!.ToString());
            return await client.SendAsync(patch);
        }

        // Every order of the department without a cost center would be charged to the other division's.
        await HttpAssert.ProblemAsync(await SetDefaultAsync(deptAdmin, other), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        // The company's cost center serves the department; the root's administrator may choose any.
        Assert.Equal(company, (await HttpAssert.OkJsonAsync(await SetDefaultAsync(deptAdmin, company))).GetProperty("defaultCostCenterId").GetGuid());
        Assert.Equal(other, (await HttpAssert.OkJsonAsync(await SetDefaultAsync(account["admin"].Client, other))).GetProperty("defaultCostCenterId").GetGuid());
    }

    [Fact]
    public async Task A_unit_moved_to_another_division_does_not_keep_charging_the_old_divisions_cost_center()
    {
        var account = await world.CreateAccountAsync();
        var division = (await ReorderingWorld.PostAsync(world.Admin, "/api/v1/cost-centers", account.Id, new { code = "CC-DIV", name = "Division", orgUnitId = account.Division })).GetProperty("id").GetGuid();
        // An administrator of the department and of the other division (not of the department's division).
        var email = $"mover-{Guid.NewGuid():N}@reordering.example";
        var user = await ReorderingWorld.PostAsync(world.Admin, "/api/v1/users", account.Id, new
        {
            email, name = "Mover", orgUnitId = account.Department,
            roles = new[] { new { role = "administrator", orgUnitId = account.Department }, new { role = "administrator", orgUnitId = account.Sibling } },
        });
        var credentials = await ReorderingWorld.PostAsync(world.Admin, "/api/v1/api-clients", account.Id, new { name = "mover", userId = user.GetProperty("id").GetGuid() });
        var mover = await world.CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);

        async Task<HttpResponseMessage> PatchAsync(HttpClient client, object body)
        {
            var unit = await client.GetAsync($"/api/v1/org-units/{account.Department}");
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/org-units/{account.Department}") { Content = JsonContent.Create(body) };
            patch.Headers.TryAddWithoutValidation("If-Match", unit.Headers.ETag!.ToString());
            return await client.SendAsync(patch);
        }

        await HttpAssert.OkJsonAsync(await PatchAsync(account["admin"].Client, new { defaultCostCenterId = division }));
        // Below the other division the division's cost center would no longer serve the department.
        var refused = await HttpAssert.ProblemAsync(await PatchAsync(mover, new { parentId = account.Sibling }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Contains("CC-DIV", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var unchanged = await HttpAssert.OkJsonAsync(await mover.GetAsync($"/api/v1/org-units/{account.Department}"));
        Assert.Equal(account.Division, unchanged.GetProperty("parentId").GetGuid());

        // Cleared first, the move goes through; both at once are a 400.
        await HttpAssert.ProblemAsync(await PatchAsync(mover, new { defaultCostCenterId = division, clearDefaultCostCenter = true }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var cleared = await HttpAssert.OkJsonAsync(await PatchAsync(mover, new { clearDefaultCostCenter = true }));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("defaultCostCenterId").ValueKind);
        var moved = await HttpAssert.OkJsonAsync(await PatchAsync(mover, new { parentId = account.Sibling }));
        Assert.Equal(account.Sibling, moved.GetProperty("parentId").GetGuid());
    }
}
