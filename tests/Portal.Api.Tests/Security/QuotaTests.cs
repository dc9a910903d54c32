using System.Net;
using System.Net.Http.Json;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.Api.Tests.Ordering;

namespace Portal.Api.Tests.Security;

/// <summary>
/// Every request has a size limit, and so has the number of objects the requests add: a user's open carts and
/// favorites lists, an account's API clients (docs/security.md#limits). Over the cap the answer is 422 naming it,
/// nothing is added, and deleting one makes room again. PostgreSQL, Redis, the demo data set.
/// </summary>
public sealed class QuotaTests(OrderingWorld world) : IClassFixture<OrderingWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_user_keeps_at_most_100_open_carts_however_they_are_made()
    {
        var order = await world.PlaceAsync(world.Buyer, new { lines = new[] { new { sku = "FAS-1001", quantity = 1 } } });
        var open = await CountAsync(world.Buyer, "/api/v1/carts");
        for (var i = open; i < Quotas.CartsPerUser; i++)
        {
            await OrderingWorld.NewCartAsync(world.Buyer, $"cart {i}");
        }

        var problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsJsonAsync("/api/v1/carts", new { name = "one too many" }), (HttpStatusCode)422, ProblemTypes.BusinessRule);
        Assert.Contains("at most 100 open carts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await world.Buyer.PostAsJsonAsync($"/api/v1/orders/{order.GetProperty("id").GetGuid()}/reorder", new { }), (HttpStatusCode)422, ProblemTypes.BusinessRule);
        Assert.Equal(Quotas.CartsPerUser, await CountAsync(world.Buyer, "/api/v1/carts"));

        // Another user of the account is not affected; the user's own deletion makes room.
        await OrderingWorld.NewCartAsync(world.AcmeAdmin, "the administrator's");
        var first = (await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync("/api/v1/carts?limit=1"))).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await world.Buyer.DeleteAsync($"/api/v1/carts/{first}")).StatusCode);
        await HttpAssert.OkJsonAsync(await world.Buyer.PostAsJsonAsync($"/api/v1/orders/{order.GetProperty("id").GetGuid()}/reorder", new { }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_user_keeps_at_most_100_favorites_lists()
    {
        var existing = await CountAsync(world.AcmeAdmin, "/api/v1/favorite-lists");
        for (var i = existing; i < Quotas.FavoriteListsPerUser; i++)
        {
            await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/favorite-lists", new { name = $"list {i}" }), HttpStatusCode.Created);
        }
        var problem = await HttpAssert.ProblemAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/favorite-lists", new { name = "one too many" }), (HttpStatusCode)422, ProblemTypes.BusinessRule);
        Assert.Contains("at most 100 favorites lists", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(Quotas.FavoriteListsPerUser, await CountAsync(world.AcmeAdmin, "/api/v1/favorite-lists"));
    }

    [Fact]
    public async Task An_account_keeps_at_most_100_API_clients_that_are_not_revoked()
    {
        var buyer = world.BuyerId;
        var created = new List<Guid>();
        var existing = await CountAsync(world.AcmeAdmin, "/api/v1/api-clients");
        for (var i = existing; i < Quotas.ApiClientsPerAccount; i++)
        {
            var client = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/api-clients", new { name = $"client {i}", userId = buyer }), HttpStatusCode.Created);
            created.Add(client.GetProperty("id").GetGuid());
        }
        var problem = await HttpAssert.ProblemAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/api-clients", new { name = "one too many", userId = buyer }), (HttpStatusCode)422, ProblemTypes.BusinessRule);
        Assert.Contains("at most 100 API clients", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await world.AcmeAdmin.DeleteAsync($"/api/v1/api-clients/{created[^1]}")).StatusCode);
        await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/api-clients", new { name = "after a revocation", userId = buyer }), HttpStatusCode.Created);
    }

    private static async Task<int> CountAsync(HttpClient client, string path)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await HttpAssert.OkJsonAsync(await client.GetAsync($"{path}?limit=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")));
            count += page.GetProperty("items").GetArrayLength();
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return count;
    }
}
