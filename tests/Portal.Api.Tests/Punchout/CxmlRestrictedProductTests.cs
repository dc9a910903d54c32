using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Punchout;

/// <summary>Issue #22 on the cXML path: an OrderRequest naming a product restricted to other customer groups is refused.</summary>
public sealed class CxmlRestrictedProductTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_order_request_with_a_product_restricted_to_other_groups_gets_the_line_error_restricted_and_places_nothing()
    {
        var restricted = "SAF-R" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/products/{restricted}", new { name = "Restricted respirator", category = "safety", unit = "EA", restrictedTo = new { customerGroups = new[] { "not-acme" } } }), HttpStatusCode.Created);
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = $"LIST-{restricted}-EUR", kind = "list", sku = restricted, currency = "EUR", price = 9m } } }));
        var before = await CountOrdersAsync();

        var (refused, why) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-RESTRICTED-1", [("FAS-1001", null, 1m, 1m, "CC-1010"), (restricted, null, 1m, 9m, "CC-1010")]));
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("restricted", why.Response!.Status.Message);
        Assert.Equal(before, await CountOrdersAsync());
    }

    private async Task<int> CountOrdersAsync()
    {
        using var scope = world.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Orders.IgnoreQueryFilters().CountAsync();
    }
}
