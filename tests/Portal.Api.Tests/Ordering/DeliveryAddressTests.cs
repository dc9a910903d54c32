using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.Api.Tests.Reordering;

namespace Portal.Api.Tests.Ordering;

/// <summary>
/// A delivery address serves its unit and the units below it, as cost centers do: a department's default does not
/// replace the company's, an order goes to the default nearest its unit, and another department's address is
/// refused. PostgreSQL, Redis, HTTP.
/// </summary>
public sealed class DeliveryAddressTests(ReorderingWorld world) : IClassFixture<ReorderingWorld>
{
    private static async Task<HttpResponseMessage> OrderAsync(HttpClient client, Guid? deliveryAddressId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku = ReorderingWorld.Sku, quantity = 1m } }, deliveryAddressId }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    private static async Task<string> ShippedToAsync(HttpClient client, Guid? deliveryAddressId = null) =>
        (await HttpAssert.OkJsonAsync(await OrderAsync(client, deliveryAddressId), HttpStatusCode.Created)).GetProperty("deliveryAddress").GetProperty("name").GetString()!;

    private static async Task<Guid> AddressAsync(HttpClient client, string name, Guid? orgUnitId, bool isDefault) =>
        (await ReorderingWorld.PostAsync(client, "/api/v1/addresses", null, new
        {
            kind = "delivery", name, street = "Hall road 2", postalCode = "12345", city = "Town", country = "DE", orgUnitId, isDefault,
        })).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_departments_default_address_is_its_own_and_does_not_replace_the_companys()
    {
        var account = await world.CreateAccountAsync();
        var workshop = await AddressAsync(account["deptAdmin"].Client, "Workshop door", account.Department, isDefault: true);

        var defaults = (await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/addresses?kind=delivery"))).GetProperty("items")
            .EnumerateArray().Where(a => a.GetProperty("isDefault").GetBoolean()).Select(a => a.GetProperty("id").GetGuid()).Order().ToList();
        Assert.Equal(new[] { account.Address, workshop }.Order(), defaults);

        Assert.Equal("Workshop door", await ShippedToAsync(account["requester"].Client));
        Assert.Equal("Goods receipt", await ShippedToAsync(account["outsider"].Client));
        Assert.Equal("Goods receipt", await ShippedToAsync(account["admin"].Client));
    }

    [Fact]
    public async Task Another_departments_address_is_refused_the_own_the_companys_and_central_purchasings_are_not()
    {
        var account = await world.CreateAccountAsync();
        var workshop = await AddressAsync(account["admin"].Client, "Workshop door", account.Department, isDefault: false);

        var refused = await HttpAssert.ProblemAsync(await OrderAsync(account["outsider"].Client, workshop), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Contains("deliveryAddressId", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var orders = (await HttpAssert.OkJsonAsync(await account["outsider"].Client.GetAsync("/api/v1/orders"))).GetProperty("items").GetArrayLength();
        Assert.Equal(0, orders);

        Assert.Equal("Goods receipt", await ShippedToAsync(account["outsider"].Client, account.Address));
        Assert.Equal("Workshop door", await ShippedToAsync(account["requester"].Client, workshop));
        Assert.Equal("Workshop door", await ShippedToAsync(account["admin"].Client, workshop)); // administrator at the root

        // A replenishment schedule is refused when it is made, not at its first run.
        var outsider = account["outsider"].Client;
        var template = (await ReorderingWorld.PostAsync(outsider, "/api/v1/order-templates", null, new { name = "weekly", lines = new[] { new { sku = ReorderingWorld.Sku, quantity = 1m } } }))
            .GetProperty("id").GetGuid();
        object Schedule(Guid address) => new { templateId = template, interval = "P1W", nextRunAt = DateTimeOffset.UtcNow.AddDays(7), mode = "order", deliveryAddressId = address };
        await HttpAssert.ProblemAsync(await outsider.PostAsJsonAsync("/api/v1/replenishment-schedules", Schedule(workshop)), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await ReorderingWorld.PostAsync(outsider, "/api/v1/replenishment-schedules", null, Schedule(account.Address));
    }
}
