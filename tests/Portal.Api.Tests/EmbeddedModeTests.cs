using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Features.Demo;
using Portal.Api.Infrastructure.Auth;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests;

/// <summary>Smoke test of the zero-configuration mode: SQLite file, demo data, demo client.</summary>
public class EmbeddedModeTests(EmbeddedApiFactory api) : IClassFixture<EmbeddedApiFactory>
{
    [Fact]
    public async Task Starts_on_sqlite_with_the_demo_catalog_and_demo_client()
    {
        using var client = await api.CreateClientWithTokenAsync(BootstrapClientProvisioner.DemoClientId, BootstrapClientProvisioner.DemoClientSecret);

        var ready = await HttpAssert.OkJsonAsync(await client.GetAsync("/health/ready"));
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database (sqlite)").GetProperty("status").GetString());
        Assert.False(ready.GetProperty("checks").TryGetProperty("redis", out _));

        var categories = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/categories"));
        Assert.True(categories.GetArrayLength() >= 5);
        Assert.True(categories.EnumerateArray().Sum(c => c.GetProperty("productCount").GetInt32()) >= 200);

        var page = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/products?q=screw&limit=5"));
        Assert.Equal(5, page.GetProperty("items").GetArrayLength());

        var byGtin = await client.GetAsync("/api/v1/products/by-gtin/" + DemoDataSeeder.DemoGtin(1).TrimStart('0'));
        Assert.Equal(HttpStatusCode.OK, byGtin.StatusCode);

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.True(db.Database.IsSqlite());
        Assert.Equal(3, await db.Customers.CountAsync());
        Assert.All(await db.Products.Where(p => !p.Sku.StartsWith("EMB-")).ToListAsync(), p =>
        {
            Assert.NotNull(p.Gtin);
            Assert.NotNull(p.Unspsc);
            Assert.NotNull(p.Manufacturer);
            Assert.False(string.IsNullOrEmpty(p.Unit));
        });
    }

    [Fact]
    public async Task Writes_work_in_embedded_mode_too()
    {
        using var client = await api.CreateClientWithTokenAsync(BootstrapClientProvisioner.DemoClientId, BootstrapClientProvisioner.DemoClientSecret);
        var put = await client.PutAsync("/api/v1/products/EMB-1", System.Net.Http.Json.JsonContent.Create(new { name = "Embedded", category = "misc", unit = "EA", gtin = "4006381333931" }));
        await HttpAssert.OkJsonAsync(put, HttpStatusCode.Created);
        var found = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/products/by-gtin/4006381333931"));
        Assert.Equal("EMB-1", found.GetProperty("sku").GetString());
    }
}
