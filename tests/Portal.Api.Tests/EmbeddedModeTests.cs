using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Hosting.Demo;
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

/// <summary>The ordering flow on SQLite: counters, timestamps, the feed and CSV imports work there too.</summary>
public class EmbeddedOrderingTests(EmbeddedApiFactory api) : IClassFixture<EmbeddedApiFactory>
{
    [Fact]
    public async Task Carts_orders_imports_history_and_feed_work_on_sqlite()
    {
        using var buyer = await api.CreateClientWithTokenAsync(DemoDataSeeder.DemoCustomerClients[1].ClientId, DemoDataSeeder.DemoCustomerClients[1].Secret);
        using var admin = await api.CreateClientWithTokenAsync(BootstrapClientProvisioner.DemoClientId, BootstrapClientProvisioner.DemoClientSecret);
        var cart = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/carts", new { name = "embedded" }), HttpStatusCode.Created);
        var cartId = cart.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync($"/api/v1/carts/{cartId}/lines", new { lines = new[] { new { sku = "FAS-1001", quantity = 20m }, new { sku = "PKG-1002", quantity = 60m } } }));
        using var csv = new StringContent("sku;quantity\nTOL-1001;2\n", System.Text.Encoding.UTF8, "text/csv");
        await HttpAssert.OkJsonAsync(await buyer.PostAsync($"/api/v1/carts/{cartId}/imports", csv));
        var order = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/orders", new { cartId, customerReference = "EMB-1" }), HttpStatusCode.Created);
        Assert.Equal(3, order.GetProperty("lines").GetArrayLength());
        Assert.Equal(["tier", "contract", "customer"], order.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("priceSource").GetString()));

        var second = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku = "OFF-1001", quantity = 1m } }, customerReference = "EMB-2" }), HttpStatusCode.Created);
        Assert.NotEqual(order.GetProperty("number").GetString(), second.GetProperty("number").GetString());
        var history = await HttpAssert.OkJsonAsync(await buyer.GetAsync("/api/v1/orders?q=EMB-&from=2020-01-01T00:00:00Z"));
        Assert.Equal(["EMB-2", "EMB-1"], history.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("customerReference").GetString()));

        await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/v1/orders/{order.GetProperty("id").GetGuid()}/status", new { status = "confirmed" }));
        var feed = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/order-feed?limit=1000"));
        Assert.Equal(["created", "created", "status-changed"], feed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }
}

/// <summary>Budgets on SQLite, which sums the charges in the API instead of in SQL: committed, check and ordering agree.</summary>
public class EmbeddedBudgetTests(EmbeddedApiFactory api) : IClassFixture<EmbeddedApiFactory>
{
    [Fact]
    public async Task A_budget_counts_the_orders_of_its_period_on_sqlite()
    {
        var (adminId, adminSecret, _) = DemoDataSeeder.DemoCustomerClients[0];
        var (buyerId, buyerSecret, _) = DemoDataSeeder.DemoCustomerClients[1];
        using var admin = await api.CreateClientWithTokenAsync(adminId, adminSecret);
        using var buyer = await api.CreateClientWithTokenAsync(buyerId, buyerSecret);
        var root = (await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/org-units?limit=1"))).GetProperty("items")[0].GetProperty("id").GetGuid();
        var created = await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync("/api/v1/budgets",
            new { scope = new { orgUnitId = root }, period = "year", amount = 100000m, currency = "EUR", policy = "block" }), HttpStatusCode.Created);
        var budgetId = created.GetProperty("id").GetGuid();

        var first = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku = "OFF-1001", quantity = 3m } }, customerReference = "EMB-B1" }), HttpStatusCode.Created);
        var second = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku = "FAS-1001", quantity = 20m } }, customerReference = "EMB-B2" }), HttpStatusCode.Created);
        var total = first.GetProperty("total").GetDecimal() + second.GetProperty("total").GetDecimal();

        var budget = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/budgets/{budgetId}"));
        Assert.Equal(total, budget.GetProperty("committed").GetDecimal());
        Assert.Equal(100000m - total, budget.GetProperty("remaining").GetDecimal());
        var check = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/budget-checks", new { amount = 100000m - total + 0.01m, currency = "EUR" }));
        Assert.False(check.GetProperty("allowed").GetBoolean());
        Assert.Equal(100000m - total, check.GetProperty("remaining").GetDecimal());
    }
}
