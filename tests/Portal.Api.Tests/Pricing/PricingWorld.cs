using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Tests.Accounts;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Pricing;

/// <summary>
/// Two accounts (A: group machining, B: group retail) and five products with conditions of every kind,
/// loaded through the batch endpoint as the ERP would; a stand-in ERP for real-time pricing.
/// </summary>
public sealed class PricingWorld : PortalApiFactory
{
    public ErpStub Erp { get; } = new();

    public PricingWorld()
    {
        With("Portal:Pricing:Erp:Url", Erp.Url.ToString());
        With("Portal:Outbound:AllowPrivateNetworks", "true"); // the ERP stub listens on loopback
        With("Portal:Pricing:Erp:Timeout", "00:00:01");
        With("Portal:Pricing:Erp:BreakAfterFailures", "3");
        With("Portal:Pricing:Erp:BreakDuration", "00:00:30");
    }

    public HttpClient Admin { get; private set; } = null!;

    public Guid A { get; private set; }

    public Guid B { get; private set; }

    public Task BuildAsync() => BuildOnceAsync(async () =>
    {
        Admin = await CreateClientWithTokenAsync();
        A = (await AccountWorld.PostAsync(Admin, "/api/v1/customers", null, new { name = "Pricing A", customerGroup = "machining", currency = "EUR" })).GetProperty("id").GetGuid();
        B = (await AccountWorld.PostAsync(Admin, "/api/v1/customers", null, new { name = "Pricing B", customerGroup = "retail", currency = "EUR" })).GetProperty("id").GetGuid();

        var products = Enumerable.Range(1, 6).Select(i => new { sku = $"PX-{i}", name = $"Priced item {i}", category = i <= 3 ? "fasteners" : "tools", unit = "EA", regulated = i == 6 });
        await HttpAssert.OkJsonAsync(await Admin.PostAsJsonAsync("/api/v1/products/batch", new { products }));

        object[] conditions =
        [
            new { id = "L-PX-1", kind = "list", sku = "PX-1", currency = "EUR", price = 100m },
            new { id = "L-PX-1-GBP", kind = "list", sku = "PX-1", currency = "GBP", price = 86m },
            new { id = "L-PX-2", kind = "list", sku = "PX-2", currency = "EUR", price = 50m },
            new { id = "L-PX-3", kind = "list", sku = "PX-3", currency = "EUR", price = 12.5m, priceUnit = 100m },
            new { id = "L-PX-4", kind = "list", sku = "PX-4", currency = "EUR", price = 200m },
            new { id = "L-PX-6", kind = "list", sku = "PX-6", currency = "EUR", price = 10m },
            // PX-5 has no list price.
            new { id = "C-A-PX-1", kind = "customer", sku = "PX-1", customerId = A, currency = "EUR", price = 80m, validFrom = "2026-12-01", validTo = "2026-12-31" },
            new { id = "K-A-PX-2", kind = "contract", sku = "PX-2", customerId = A, contractNo = "FA-77", currency = "EUR", price = 40m, minQuantity = 20m },
            new { id = "T-PX-2-10", kind = "tier", sku = "PX-2", currency = "EUR", price = 47m, minQuantity = 10m },
            new { id = "T-PX-2-RETAIL-5", kind = "tier", sku = "PX-2", customerGroup = "retail", currency = "EUR", price = 48m, minQuantity = 5m },
            new { id = "G-MACHINING", kind = "group", customerGroup = "machining", currency = "EUR", discountPercent = 10m },
            new { id = "G-RETAIL-TOOLS", kind = "group", customerGroup = "retail", category = "tools", currency = "EUR", discountPercent = 5m },
        ];
        await HttpAssert.OkJsonAsync(await Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions }));
    });

    /// <summary>
    /// A private corner for tests that change conditions: two new accounts (groups "{tag}-a", "{tag}-b")
    /// and products "{tag}-1".."{tag}-{count}" (category tools) with a list price of 100 each.
    /// </summary>
    public async Task<(Guid A, Guid B, string[] Skus)> CornerAsync(string tag, int count = 4)
    {
        var a = (await AccountWorld.PostAsync(Admin, "/api/v1/customers", null, new { name = tag + " A", customerGroup = tag + "-a", currency = "EUR" })).GetProperty("id").GetGuid();
        var b = (await AccountWorld.PostAsync(Admin, "/api/v1/customers", null, new { name = tag + " B", customerGroup = tag + "-b", currency = "EUR" })).GetProperty("id").GetGuid();
        var skus = Enumerable.Range(1, count).Select(i => $"{tag}-{i}").ToArray();
        await HttpAssert.OkJsonAsync(await Admin.PostAsJsonAsync("/api/v1/products/batch", new { products = skus.Select(s => new { sku = s, name = s, category = "tools", unit = "EA" }) }));
        await HttpAssert.OkJsonAsync(await Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = skus.Select(s => new { id = "L-" + s, kind = "list", sku = s, currency = "EUR", price = 100m }) }));
        return (a, b, skus);
    }

    /// <summary>Prices lines for an account (as the supplier admin with Portal-Customer).</summary>
    public static async Task<JsonElement> PriceAsync(HttpClient client, Guid? account, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/price-calculations") { Content = JsonContent.Create(body) };
        if (account is { } id)
        {
            request.Headers.Add("Portal-Customer", id.ToString());
        }
        return await HttpAssert.OkJsonAsync(await client.SendAsync(request));
    }

    public static JsonElement Line(JsonElement result, int index) => result.GetProperty("lines")[index];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Erp.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
