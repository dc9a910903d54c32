using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Api.Hosting.Demo;
using Portal.Api.Infrastructure.Auth;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Catalog;

/// <summary>The catalog slice against PostgreSQL and Redis, through HTTP with real tokens.</summary>
public class ProductsApiTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>
{
    private const int DemoProductCount = 240;

    [Fact]
    public async Task Pages_through_the_whole_catalog_in_a_stable_order_without_gaps()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var skus = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = "/api/v1/products?limit=70" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await HttpAssert.OkJsonAsync(await client.GetAsync(url));
            skus.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.True(skus.Count >= DemoProductCount);
        Assert.Equal(skus.Count, skus.Distinct().Count());
        Assert.Equal(skus.OrderBy(s => s, StringComparer.Ordinal), skus);
        Assert.Equal((skus.Count + 69) / 70, pages);
    }

    [Fact]
    public async Task Default_page_has_50_items_and_limit_is_bounded()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var page = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/products"));
        Assert.Equal(50, page.GetProperty("items").GetArrayLength());
        Assert.NotNull(page.GetProperty("nextCursor").GetString());

        var problem = await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/products?limit=201"), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/products?cursor=garbage"), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/products?limit=abc"), HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task Search_matches_every_word_in_sku_name_description_or_part_number()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var items = await ItemsAsync(client, "/api/v1/products?q=WOOD%20screw&limit=200");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains("wood screw", i.GetProperty("name").GetString()!, StringComparison.OrdinalIgnoreCase));

        var bySku = await ItemsAsync(client, "/api/v1/products?q=fas-1001");
        Assert.Equal("FAS-1001", Assert.Single(bySku).GetProperty("sku").GetString());

        var product = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/products/TOL-1005"));
        var mpn = product.GetProperty("manufacturerPartNumber").GetString()!;
        var byMpn = await ItemsAsync(client, "/api/v1/products?q=" + Uri.EscapeDataString(mpn.ToLowerInvariant()));
        Assert.Contains(byMpn, i => i.GetProperty("sku").GetString() == "TOL-1005");

        Assert.Empty(await ItemsAsync(client, "/api/v1/products?q=%25%25"));   // LIKE wildcards are literal
        Assert.Empty(await ItemsAsync(client, "/api/v1/products?q=screw%20goggles"));
    }

    [Fact]
    public async Task Filters_by_category()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var items = await ItemsAsync(client, "/api/v1/products?category=safety&limit=200");
        Assert.Equal(DemoDataSeeder.ProductsPerCategory, items.Count);
        Assert.All(items, i => Assert.Equal("safety", i.GetProperty("category").GetString()));

        var categories = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/categories"));
        Assert.Contains(categories.EnumerateArray(), c => c.GetProperty("category").GetString() == "safety" && c.GetProperty("productCount").GetInt32() == DemoDataSeeder.ProductsPerCategory);
    }

    [Fact]
    public async Task Gets_a_product_with_every_field_and_an_etag()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var response = await client.GetAsync("/api/v1/products/FAS-1002");
        var product = await HttpAssert.OkJsonAsync(response);
        Assert.NotNull(response.Headers.ETag);
        foreach (var field in new[] { "sku", "name", "description", "category", "gtin", "unit", "unspsc", "manufacturer", "manufacturerPartNumber", "packSize", "stockQuantity", "leadTimeDays", "regulated", "attachments" })
        {
            Assert.True(product.TryGetProperty(field, out _), $"missing {field}");
        }
        Assert.Equal(14, product.GetProperty("gtin").GetString()!.Length);
    }

    [Fact]
    public async Task Unknown_sku_is_a_404_problem()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var problem = await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/products/NO-SUCH-SKU"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Contains("NO-SUCH-SKU", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public async Task Gtin_lookup_accepts_all_four_lengths_with_and_without_leading_zeros(int length)
    {
        using var client = await api.CreateClientWithTokenAsync();
        var (sku, gtin14) = await FindProductWithGtinLengthAsync(client, length);
        var asScanned = gtin14[(14 - length)..];
        foreach (var code in new[] { asScanned, gtin14, asScanned.TrimStart('0') })
        {
            var product = await HttpAssert.OkJsonAsync(await client.GetAsync($"/api/v1/products/by-gtin/{code}"));
            Assert.Equal(sku, product.GetProperty("sku").GetString());
        }
    }

    [Theory]
    [InlineData("4006381333932", "check digit")]
    [InlineData("40063813339X1", "digits")]
    [InlineData("123456789012345678", "8, 12, 13 or 14")]
    public async Task Gtin_lookup_rejects_bad_codes_with_a_400_problem(string code, string reason)
    {
        using var client = await api.CreateClientWithTokenAsync();
        var problem = await HttpAssert.ProblemAsync(await client.GetAsync($"/api/v1/products/by-gtin/{code}"), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("code")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_gtin_is_a_404_problem()
    {
        using var client = await api.CreateClientWithTokenAsync();
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/products/by-gtin/4006381333931"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Every_catalog_endpoint_requires_a_token()
    {
        using var anonymous = api.CreateClient();
        foreach (var path in new[] { "/api/v1/products", "/api/v1/products/FAS-1001", "/api/v1/products/by-gtin/4006381333931", "/api/v1/categories" })
        {
            var response = await anonymous.GetAsync(path);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        var put = await anonymous.PutAsJsonAsync("/api/v1/products/X-1", new { name = "x", category = "x", unit = "EA" });
        await HttpAssert.ProblemAsync(put, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);

        using var forged = api.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        await HttpAssert.ProblemAsync(await forged.GetAsync("/api/v1/products"), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
    }

    [Fact]
    public async Task Only_catalog_maintainers_may_write()
    {
        var (id, secret) = await api.CreateOAuthClientAsync(Roles.Sales);
        using var sales = await api.CreateClientWithTokenAsync(id, secret);
        Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync("/api/v1/products/FAS-1001")).StatusCode);
        var put = await sales.PutAsJsonAsync("/api/v1/products/NEW-403", new { name = "x", category = "misc", unit = "EA" });
        await HttpAssert.ProblemAsync(put, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var batch = await sales.PostAsJsonAsync("/api/v1/products/batch", new { products = new[] { new { sku = "NEW-403", name = "x", category = "misc", unit = "EA" } } });
        await HttpAssert.ProblemAsync(batch, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);

        using var admin = await api.CreateClientWithTokenAsync();
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/products/NEW-403"), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        var (integrationId, integrationSecret) = await api.CreateOAuthClientAsync(Roles.Integration);
        using var integration = await api.CreateClientWithTokenAsync(integrationId, integrationSecret);
        var created = await integration.PutAsJsonAsync("/api/v1/products/INT-201", new { name = "Synced from ERP", category = "misc", unit = "EA" });
        await HttpAssert.OkJsonAsync(created, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Put_creates_then_replaces_with_etags_and_preconditions()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var body = new
        {
            name = "Torx screw T25",
            description = "Stainless A2",
            category = "fasteners",
            gtin = "96385074",
            unit = "bx",
            unspsc = "31161500",
            manufacturer = "Würth",
            manufacturerPartNumber = "W-0815",
            packSize = 100,
            stockQuantity = 12.5,
            leadTimeDays = 3,
            regulated = false,
            attachments = new[] { new { kind = "datasheet", title = "Datasheet", url = "https://example.com/ds.pdf" } },
        };
        var created = await client.PutAsJsonAsync("/api/v1/products/PUT-1", body);
        var product = await HttpAssert.OkJsonAsync(created, HttpStatusCode.Created);
        Assert.Equal("00000096385074", product.GetProperty("gtin").GetString());
        Assert.Equal("BX", product.GetProperty("unit").GetString());
        Assert.EndsWith("/api/v1/products/PUT-1", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        var etag = created.Headers.ETag!.ToString();

        var replaced = await client.PutAsJsonAsync("/api/v1/products/PUT-1", body with { name = "Torx screw T25 (new)" });
        await HttpAssert.OkJsonAsync(replaced);
        Assert.NotEqual(etag, replaced.Headers.ETag!.ToString());

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/products/PUT-1") { Content = JsonContent.Create(body) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await HttpAssert.ProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);

        using var createOnly = new HttpRequestMessage(HttpMethod.Put, "/api/v1/products/PUT-1") { Content = JsonContent.Create(body) };
        createOnly.Headers.TryAddWithoutValidation("If-None-Match", "*");
        await HttpAssert.ProblemAsync(await client.SendAsync(createOnly), HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);

        var read = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/products/by-gtin/96385074"));
        Assert.Equal("Torx screw T25 (new)", read.GetProperty("name").GetString());
        Assert.Single(await ItemsAsync(client, "/api/v1/products?q=w-0815"));
    }

    [Fact]
    public async Task Put_rejects_invalid_fields_and_taken_gtins()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var invalid = await client.PutAsJsonAsync("/api/v1/products/BAD-1", new { name = "", category = "Not A Slug", unit = "EA", gtin = "4006381333932" });
        var problem = await HttpAssert.ProblemAsync(invalid, HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("category", out _));
        Assert.True(errors.TryGetProperty("gtin", out _));

        var taken = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/products/FAS-1001"));
        var conflict = await client.PutAsJsonAsync("/api/v1/products/DUP-GTIN", new { name = "x", category = "misc", unit = "EA", gtin = taken.GetProperty("gtin").GetString() });
        var conflictProblem = await HttpAssert.ProblemAsync(conflict, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Contains("FAS-1001", conflictProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var malformed = new StringContent("{\"name\": ", Encoding.UTF8, "application/json");
        await HttpAssert.ProblemAsync(await client.PutAsync("/api/v1/products/BAD-2", malformed), HttpStatusCode.BadRequest, ProblemTypes.Validation);

        using var xml = new StringContent("<product/>", Encoding.UTF8, "application/xml");
        await HttpAssert.ProblemAsync(await client.PutAsync("/api/v1/products/BAD-3", xml), HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/products/BAD-1"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/products/DUP-GTIN"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Batch_upserts_thousands_of_products_in_one_call()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var products = Enumerable.Range(1, 5000).Select(i => new
        {
            sku = $"BULK-{i:D5}",
            name = $"Bulk item {i}",
            category = "bulk",
            unit = "EA",
            gtin = Portal.Api.Features.Catalog.Gtin.WithCheckDigit("2" + i.ToString("D11", System.Globalization.CultureInfo.InvariantCulture)),
            stockQuantity = i,
        }).ToList();
        var result = await HttpAssert.OkJsonAsync(await client.PostAsJsonAsync("/api/v1/products/batch", new { products }));
        Assert.Equal(5000, result.GetProperty("created").GetInt32());

        products[0] = products[0] with { name = "Bulk item 1 renamed" };
        var again = await HttpAssert.OkJsonAsync(await client.PostAsJsonAsync("/api/v1/products/batch", new { products = products.Take(10) }));
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(1, again.GetProperty("updated").GetInt32());
        Assert.Equal(9, again.GetProperty("unchanged").GetInt32());

        Assert.Equal(5000, (await ItemsAsync(client, "/api/v1/products?category=bulk&limit=200")).Count + await CountRemainingAsync(client, "bulk"));
        var renamed = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/products/BULK-00001"));
        Assert.Equal("Bulk item 1 renamed", renamed.GetProperty("name").GetString());

        var tooMany = Enumerable.Range(1, 5001).Select(i => new { sku = $"X-{i}", name = "x", category = "x", unit = "EA" });
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync("/api/v1/products/batch", new { products = tooMany }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task Batch_with_any_invalid_row_applies_nothing_and_reports_every_row()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var takenGtin = (await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/products/TOL-1001"))).GetProperty("gtin").GetString();
        object[] products =
        [
            new { sku = "ATOMIC-1", name = "Fine", category = "atomic", unit = "EA" },
            new { sku = "ATOMIC-2", name = "", category = "atomic", unit = "EA" },
            new { sku = "ATOMIC-1", name = "Duplicate sku", category = "atomic", unit = "EA" },
            new { sku = "ATOMIC-4", name = "Taken GTIN", category = "atomic", unit = "EA", gtin = takenGtin },
            new { sku = "ATOMIC-5", name = "Bad GTIN", category = "atomic", unit = "EA", gtin = "123" },
            new { sku = "ATOMIC 6", name = "Bad sku", category = "atomic", unit = "EA" },
        ];
        var problem = await HttpAssert.ProblemAsync(await client.PostAsJsonAsync("/api/v1/products/batch", new { products }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var keys = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(new HashSet<string> { "products[1].name", "products[2].sku", "products[3].gtin", "products[4].gtin", "products[5].sku" }, keys);
        Assert.Contains("TOL-1001", problem.GetProperty("errors").GetProperty("products[3].gtin")[0].GetString(), StringComparison.Ordinal);

        Assert.Empty(await ItemsAsync(client, "/api/v1/products?category=atomic"));
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string url)
    {
        var page = await HttpAssert.OkJsonAsync(await client.GetAsync(url));
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private static async Task<int> CountRemainingAsync(HttpClient client, string category)
    {
        var count = 0;
        var page = await HttpAssert.OkJsonAsync(await client.GetAsync($"/api/v1/products?category={category}&limit=200"));
        var cursor = page.GetProperty("nextCursor").GetString();
        while (cursor is not null)
        {
            page = await HttpAssert.OkJsonAsync(await client.GetAsync($"/api/v1/products?category={category}&limit=200&cursor={Uri.EscapeDataString(cursor)}"));
            count += page.GetProperty("items").GetArrayLength();
            cursor = page.GetProperty("nextCursor").GetString();
        }
        return count;
    }

    /// <summary>The demo catalog gives every GTIN length an example (DemoDataSeeder.DemoGtin).</summary>
    private static async Task<(string Sku, string Gtin14)> FindProductWithGtinLengthAsync(HttpClient client, int length)
    {
        var sku = length switch { 8 => "FAS-1007", 12 => "FAS-1003", 13 => "FAS-1001", _ => "FAS-1009" };
        var product = await HttpAssert.OkJsonAsync(await client.GetAsync($"/api/v1/products/{sku}"));
        var gtin = product.GetProperty("gtin").GetString()!;
        Assert.Equal(new string('0', 14 - length), gtin[..(14 - length)]);
        Assert.NotEqual('0', gtin[14 - length]);
        return (sku, gtin);
    }
}
