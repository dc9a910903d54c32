using System.Net;
using System.Net.Http.Json;
using System.Text;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Privacy;

/// <summary>Issue #22, item 4: a product restricted to customer groups, seen and bought only by accounts in them.</summary>
public sealed class RestrictedProductTests(PrivacyWorld world) : IClassFixture<PrivacyWorld>
{
    [Fact]
    public async Task A_restricted_product_is_invisible_and_unorderable_outside_its_group_and_orderable_inside()
    {
        var inside = await world.CreateAccountAsync(["clinic"]);
        var outside = await world.CreateAccountAsync();
        var sku = $"MED-{Guid.NewGuid():N}"[..16];
        var gtin = Gtin13();
        await world.PutProductAsync(sku, new { name = "Restricted scalpel", category = "medical", unit = "EA", gtin, restrictedTo = new { customerGroups = new[] { "Clinic" } } }, 12m);
        var product = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync($"/api/v1/products/{sku}"));
        Assert.Equal("clinic", product.GetProperty("restrictedTo").GetProperty("customerGroups")[0].GetString());

        // Outside: absent from search, 404 on lookup, line error "restricted" when pricing, ordering and importing.
        var buyer = outside.Requester.Client;
        var search = await HttpAssert.OkJsonAsync(await buyer.GetAsync($"/api/v1/products?q={sku}"));
        Assert.Empty(search.GetProperty("items").EnumerateArray());
        await HttpAssert.ProblemAsync(await buyer.GetAsync($"/api/v1/products/{sku}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await buyer.GetAsync($"/api/v1/products/by-gtin/{gtin}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        var cart = (await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/carts", new { name = "scan" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await HttpAssert.ProblemAsync(await buyer.PostAsJsonAsync($"/api/v1/carts/{cart}/scans", new { code = gtin }), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        var quick = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync($"/api/v1/carts/{cart}/lines", new { sku, quantity = 1 }));
        Assert.Equal("restricted", quick.GetProperty("lines")[0].GetProperty("error").GetProperty("code").GetString());
        var priced = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku, quantity = 1 } } }));
        Assert.Equal("restricted", priced.GetProperty("lines")[0].GetProperty("error").GetProperty("code").GetString());
        var refused = await HttpAssert.ProblemAsync(await buyer.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku, quantity = 1 } } }), HttpStatusCode.UnprocessableEntity, ProblemTypes.BusinessRule);
        Assert.Equal("restricted", refused.GetProperty("lines")[0].GetProperty("code").GetString());
        using var csv = new StringContent($"customer_reference;sku;quantity\nR-1;{sku};1\n", Encoding.UTF8, "text/csv");
        Assert.False((await buyer.PostAsync("/api/v1/order-imports", csv)).IsSuccessStatusCode);
        var none = await HttpAssert.OkJsonAsync(await buyer.GetAsync("/api/v1/orders"));
        Assert.Empty(none.GetProperty("items").EnumerateArray());

        // Inside (a member of the group): found, priced and ordered.
        buyer = inside.Requester.Client;
        search = await HttpAssert.OkJsonAsync(await buyer.GetAsync($"/api/v1/products?q={sku}"));
        Assert.Single(search.GetProperty("items").EnumerateArray());
        await HttpAssert.OkJsonAsync(await buyer.GetAsync($"/api/v1/products/{sku}"));
        await HttpAssert.OkJsonAsync(await buyer.GetAsync($"/api/v1/products/by-gtin/{gtin}"));
        var order = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku, quantity = 2 } } }), HttpStatusCode.Created);
        Assert.True(order.GetProperty("total").GetDecimal() > 0);
        Assert.Equal("submitted", order.GetProperty("status").GetString());

        // The supplier side manages the catalog: it sees the product whatever the account.
        var supplier = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync($"/api/v1/products?q={sku}"));
        Assert.Single(supplier.GetProperty("items").EnumerateArray());
    }

    private static string Gtin13()
    {
        var digits = "40" + Random.Shared.NextInt64(1_000_000_000L, 9_999_999_999L).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sum = digits.Select((c, i) => (c - '0') * (i % 2 == 0 ? 1 : 3)).Sum();
        return digits + ((10 - sum % 10) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task RequiresApproval_sends_an_order_containing_the_product_through_approval()
    {
        var account = await world.CreateAccountAsync();
        await PrivacyWorld.PostAsync(world.Admin, "/api/v1/users", account.Id, new { email = $"approver-{Guid.NewGuid():N}@privacy.example", name = "Approver", roles = new[] { new { role = "approver", orgUnitId = account.Root } } });
        var sku = $"APR-{Guid.NewGuid():N}"[..16];
        await world.PutProductAsync(sku, new { name = "Needs a signature", category = "chemicals", unit = "EA", restrictedTo = new { customerGroups = Array.Empty<string>(), requiresApproval = true } }, 5m);

        var plain = await HttpAssert.OkJsonAsync(await account.Requester.Client.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku = PrivacyWorld.Sku, quantity = 1 } } }), HttpStatusCode.Created);
        Assert.Equal("submitted", plain.GetProperty("status").GetString());
        var order = await HttpAssert.OkJsonAsync(await account.Requester.Client.PostAsJsonAsync("/api/v1/orders",
            new { lines = new[] { new { sku = PrivacyWorld.Sku, quantity = 1 }, new { sku, quantity = 1 } } }), HttpStatusCode.Created);
        Assert.Equal("pending-approval", order.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_former_flag_regulatedGoodsApproved_is_membership_of_the_group_regulated()
    {
        var account = await world.CreateAccountAsync();
        var sku = $"REG-{Guid.NewGuid():N}"[..16];
        // "regulated": true without restrictedTo keeps its former meaning: only approved accounts.
        await world.PutProductAsync(sku, new { name = "Regulated solvent", category = "chemicals", unit = "EA", regulated = true }, 7m);
        var product = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync($"/api/v1/products/{sku}"));
        Assert.Equal("regulated", product.GetProperty("restrictedTo").GetProperty("customerGroups")[0].GetString());
        await HttpAssert.ProblemAsync(await account.Requester.Client.GetAsync($"/api/v1/products/{sku}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        var patched = await HttpAssert.OkJsonAsync(await PrivacyWorld.SendAsync(world.Admin, HttpMethod.Patch, $"/api/v1/customers/{account.Id}", body: new { regulatedGoodsApproved = true }));
        Assert.True(patched.GetProperty("regulatedGoodsApproved").GetBoolean());
        Assert.Contains("regulated", patched.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        await HttpAssert.OkJsonAsync(await account.Requester.Client.GetAsync($"/api/v1/products/{sku}"));
        await HttpAssert.OkJsonAsync(await account.Requester.Client.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku, quantity = 1 } } }), HttpStatusCode.Created);
    }
}
