using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Api.Infrastructure.Csv;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.Api.Tests.Ordering;

namespace Portal.Api.Tests.Security;

/// <summary>
/// Issue 12, items 3, 5 and 9 on the demo data set (PostgreSQL, Redis): bounded CSV imports, text and
/// quantities validated at the edge, optimistic concurrency on every edited resource; and the cases that
/// already held (cross-account ids in paths, filters and CSV; mass assignment).
/// </summary>
public sealed class InputHardeningTests(OrderingWorld world) : IClassFixture<OrderingWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_30_MB_header_line_and_a_100_MB_field_are_refused_naming_the_limit()
    {
        var cart = (await OrderingWorld.NewCartAsync(world.Buyer, "huge")).GetProperty("id").GetGuid();

        // One header line of 30 MB, streamed: the API refuses it after the first 64 KB.
        using var headerLine = new GeneratedCsv(Encoding.ASCII.GetBytes("sku,quantity"), 30L * 1024 * 1024, (byte)'x', Encoding.ASCII.GetBytes("\nFAS-1001,1\n"));
        var problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync($"/api/v1/carts/{cart}/imports", headerLine), HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Equal("maxLineLength", problem.GetProperty("limit").GetProperty("name").GetString());
        Assert.Contains("maxLineLength", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A quoted field of 100 MB (with line breaks inside, so no line is long) in an order import.
        using var field = new GeneratedCsv(Encoding.ASCII.GetBytes("sku,quantity,customer_reference,note\nFAS-1001,1,PO-1,\""), 100L * 1024 * 1024, (byte)'\n', Encoding.ASCII.GetBytes("\"\n"));
        problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync("/api/v1/order-imports", field), HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Equal("maxLineLength", problem.GetProperty("limit").GetProperty("name").GetString());

        var unchanged = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/carts/{cart}"));
        Assert.Equal(0, unchanged.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task Rows_per_cart_import_and_header_columns_are_bounded()
    {
        var cart = (await OrderingWorld.NewCartAsync(world.Buyer, "many rows")).GetProperty("id").GetGuid();
        var rows = new StringBuilder("sku,quantity\n");
        for (var i = 0; i < 5_001; i++)
        {
            rows.Append("FAS-1001,1\n");
        }
        using var tooMany = new StringContent(rows.ToString(), Encoding.UTF8, "text/csv");
        var problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync($"/api/v1/carts/{cart}/imports", tooMany), HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        Assert.Equal("maxRows", problem.GetProperty("limit").GetProperty("name").GetString());
        Assert.Equal(5_000, problem.GetProperty("limit").GetProperty("value").GetInt32());

        var header = string.Join(",", Enumerable.Range(0, 65).Select(i => i == 0 ? "sku" : i == 1 ? "quantity" : $"c{i}"));
        using var wide = new StringContent(header + "\nFAS-1001,1\n", Encoding.UTF8, "text/csv");
        problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync($"/api/v1/carts/{cart}/imports", wide), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal("maxColumns", problem.GetProperty("limit").GetProperty("name").GetString());

        var cartAfter = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/carts/{cart}"));
        Assert.Equal(0, cartAfter.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public void Concurrent_imports_of_one_client_are_bounded()
    {
        var gate = new ImportGate(Microsoft.Extensions.Options.Options.Create(new Portal.Api.Infrastructure.PortalOptions()));
        using var first = gate.Enter("client-a");
        using (gate.Enter("client-a"))
        {
            var busy = Assert.Throws<TooManyConcurrentRequestsException>(() => gate.Enter("client-a"));
            Assert.Equal(429, busy.Status);
            using var other = gate.Enter("client-b"); // another client is not affected
        }
        using var again = gate.Enter("client-a"); // one finished: room again
    }

    [Fact]
    public async Task Nul_bytes_anywhere_are_400_problems_naming_the_field()
    {
        var cart = (await OrderingWorld.NewCartAsync(world.Buyer, "nul")).GetProperty("id").GetGuid();
        var attempts = new (string Method, string Path, object? Body, string Field)[]
        {
            ("POST", $"/api/v1/carts/{cart}/lines", new { sku = "FAS-1001\u0000", quantity = 1 }, "sku"),
            ("POST", "/api/v1/orders", new { lines = new[] { new { sku = "FAS-1001", quantity = 1 } }, deliveryAddressId = world.AcmeDeliveryAddress, customerReference = "PO\u00001" }, "customerReference"),
            ("POST", "/api/v1/orders", new { lines = new[] { new { sku = "FAS-1001", quantity = 1, note = "a\u0000b" } }, deliveryAddressId = world.AcmeDeliveryAddress }, "lines[0].note"),
            ("POST", "/api/v1/carts", new { name = "cart\u0000" }, "name"),
            ("GET", "/api/v1/products?q=screw%00", null, "q"),
            ("GET", "/api/v1/orders?q=%00", null, "q"),
        };
        foreach (var (method, path, body, field) in attempts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            var problem = await HttpAssert.ProblemAsync(await world.Buyer.SendAsync(request), HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{method} {path}: {problem}");
        }

        // Tab and line breaks are fine in free text; the note arrives as sent.
        var ok = await world.Buyer.PostAsJsonAsync($"/api/v1/carts/{cart}/lines", new { sku = "FAS-1001", quantity = 1, note = "first line\n\tsecond" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // In CSV the row and column are named.
        using var csv = new StringContent("sku,quantity,note\nFAS-1001,1,ok\nFAS-1002,1,bad\u0001note\n", Encoding.UTF8, "text/csv");
        var csvProblem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync($"/api/v1/carts/{cart}/imports", csv), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(csvProblem.GetProperty("errors").TryGetProperty("rows[3].note", out _), csvProblem.ToString());
    }

    [Fact]
    public async Task A_csv_is_read_in_the_charset_it_names_and_one_that_is_not_utf_8_without_a_charset_is_refused_naming_row_and_column()
    {
        // As German Excel saves "CSV (semicolon separated)": windows-1252, no BOM.
        var reference = $"B\u00fcro-{Guid.NewGuid():N}"[..16];
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes($"sku;quantity;customer_reference;note\r\nFAS-1001;2;{reference};Gr\u00f6\u00dfe L \u20ac\r\n");

        HttpContent Csv(string contentType)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            return content;
        }

        // Without a charset the file is UTF-8, and these bytes are not: refused with the row and column, nothing placed.
        var problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync("/api/v1/order-imports", Csv("text/csv")), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal("rows[2].customer_reference", error.Name);
        Assert.Contains("not utf-8", error.Value[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("charset=windows-1252", error.Value[0].GetString(), StringComparison.Ordinal);
        var none = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/orders?q={Uri.EscapeDataString(reference)}"));
        Assert.Equal(0, none.GetProperty("items").GetArrayLength());

        // Named, it is read as sent: the umlaut, the sharp s and the euro sign arrive.
        var report = await HttpAssert.OkJsonAsync(await world.Buyer.PostAsync("/api/v1/order-imports", Csv("text/csv; charset=windows-1252")));
        var placed = Assert.Single(report.GetProperty("orders").EnumerateArray());
        Assert.Equal(reference, placed.GetProperty("customerReference").GetString());
        var order = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/orders/{placed.GetProperty("id").GetGuid()}"));
        Assert.Equal("Gr\u00f6\u00dfe L \u20ac", Assert.Single(order.GetProperty("lines").EnumerateArray()).GetProperty("note").GetString());

        // A charset the server cannot read is a 415, and UTF-16 with its byte order mark needs no charset.
        await HttpAssert.ProblemAsync(await world.Buyer.PostAsync("/api/v1/order-imports", Csv("text/csv; charset=x-no-such-charset")), HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        var cart = (await OrderingWorld.NewCartAsync(world.Buyer, "utf-16")).GetProperty("id").GetGuid();
        var utf16 = new ByteArrayContent(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("sku,quantity,note\nFAS-1001,1,\u00c4rmel\n")).ToArray());
        utf16.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        await HttpAssert.OkJsonAsync(await world.Buyer.PostAsync($"/api/v1/carts/{cart}/imports", utf16));
        var lines = (await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/carts/{cart}"))).GetProperty("lines");
        Assert.Equal("\u00c4rmel", Assert.Single(lines.EnumerateArray()).GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_body_in_a_media_type_or_charset_the_operation_does_not_read_is_a_415_saying_what_to_send()
    {
        // JSON in ISO-8859-1 (as some ERPs send it): refused, never read with mangled umlauts.
        using var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes("""{"lines":[{"sku":"FAS-1001","quantity":1}],"customerReference":"Straße"}"""));
        latin1.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=iso-8859-1");
        var problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync("/api/v1/orders", latin1), HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        Assert.Contains("UTF-8 (RFC 8259), not as 'iso-8859-1'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var text = new StringContent("""{"lines":[{"sku":"FAS-1001","quantity":1}]}""", Encoding.UTF8, "text/plain");
        problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync("/api/v1/price-calculations", text), HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        Assert.Contains("'text/plain; charset=utf-8'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var untyped = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"lines":[{"sku":"FAS-1001","quantity":1}]}"""));
        problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync("/api/v1/price-calculations", untyped), HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        Assert.Contains("no Content-Type", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tiny_huge_and_over_precise_quantities_are_400_problems_and_keep_their_per_line_error_in_price_calculations()
    {
        foreach (var quantity in new[] { 1e-9m, 0.0001m, 1_000_001m, -1m, 0m })
        {
            var problem = await HttpAssert.ProblemAsync(
                await world.Buyer.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku = "FAS-1001", quantity } }, deliveryAddressId = world.AcmeDeliveryAddress }),
                HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.True(problem.GetProperty("errors").TryGetProperty("lines[0].quantity", out _), $"{quantity}: {problem}");
        }
        var cart = (await OrderingWorld.NewCartAsync(world.Buyer, "quantities")).GetProperty("id").GetGuid();
        await HttpAssert.ProblemAsync(await world.Buyer.PostAsJsonAsync($"/api/v1/carts/{cart}/lines", new { sku = "FAS-1001", quantity = 1e-9m }), HttpStatusCode.BadRequest, ProblemTypes.Validation);

        var calculation = await HttpAssert.OkJsonAsync(await world.Buyer.PostAsJsonAsync("/api/v1/price-calculations", new
        {
            lines = new object[] { new { sku = "FAS-1001", quantity = -2 }, new { sku = "FAS-1001", quantity = 1e-9m }, new { sku = "FAS-1001", quantity = 2 } },
        }));
        var lines = calculation.GetProperty("lines");
        Assert.Equal("invalid-quantity", lines[0].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid-quantity", lines[1].GetProperty("error").GetProperty("code").GetString());
        Assert.True(lines[2].GetProperty("lineTotal").GetDecimal() > 0);

        // Nothing worth 0 was ordered on the way.
        var orders = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync("/api/v1/orders?limit=200"));
        Assert.DoesNotContain(orders.GetProperty("items").EnumerateArray(), o => o.GetProperty("total").GetDecimal() == 0);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_on_every_edited_resource_and_a_fresh_one_applies()
    {
        var admin = world.AcmeAdmin;
        var users = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/users?q=buyer@acme"));
        var userId = users.GetProperty("items")[0].GetProperty("id").GetGuid();
        var user = await admin.GetAsync($"/api/v1/users/{userId}");
        var etag = user.Headers.ETag!.Tag;

        var renamed = await AccountTakeoverTests.PatchAsync(admin, $"/api/v1/users/{userId}", new { name = "Bea Buyer" }, etag);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.NotEqual(etag, renamed.Headers.ETag!.Tag);
        await HttpAssert.ProblemAsync(
            await AccountTakeoverTests.PatchAsync(admin, $"/api/v1/users/{userId}", new { name = "Lost update" }, etag), HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        var after = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/users/{userId}"));
        Assert.Equal("Bea Buyer", after.GetProperty("name").GetString());

        // Addresses, cost centers, org units (new ones of the caller's account), the customer and its punchout set-up (supplier admin).
        var addressBody = new { kind = "billing", name = "Etag test", street = "Main street 1", postalCode = "12345", city = "Town", country = "DE" };
        var address = (await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync("/api/v1/addresses", addressBody), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await AssertStaleRefusedAsync(admin, $"/api/v1/addresses/{address}", HttpMethod.Put, addressBody with { street = "Other street 2" });
        // A country is an assigned ISO 3166-1 code (any case), not any two letters.
        foreach (var country in new[] { "ZZ", "EU", "UK" })
        {
            var refused = await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/addresses", addressBody with { country = country }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.True(refused.GetProperty("errors").TryGetProperty("country", out _), country);
        }
        var swiss = await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync("/api/v1/addresses", addressBody with { country = "ch" }), HttpStatusCode.Created);
        Assert.Equal("CH", swiss.GetProperty("country").GetString());
        var root = (await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/me"))).GetProperty("user").GetProperty("orgUnitId").GetGuid();
        var unit = (await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync("/api/v1/org-units", new { parentId = root, name = "Etag unit" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await AssertStaleRefusedAsync(admin, $"/api/v1/org-units/{unit}", HttpMethod.Patch, new { name = "Renamed unit" });
        var costCenter = (await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync("/api/v1/cost-centers", new { code = $"CC-ETAG-{Guid.NewGuid():N}"[..20], name = "Etag", orgUnitId = unit }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await AssertStaleRefusedAsync(admin, $"/api/v1/cost-centers/{costCenter}", HttpMethod.Patch, new { name = "Renamed" });
        await AssertStaleRefusedAsync(world.Admin, $"/api/v1/customers/{world.Acme}", HttpMethod.Patch, new { name = "Acme Manufacturing GmbH" });
        await AssertStaleRefusedAsync(world.Admin, $"/api/v1/customers/{world.Acme}/punchout", HttpMethod.Put, new
        {
            cxml = new
            {
                credentials = new[] { new { domain = "NetworkID", identity = "AN-DEMO-ACME" } },
                allowedReturnUrls = new[] { "http://127.0.0.1:5199/", "http://localhost:5199/" },
                autoCreateUsers = true,
            },
        });
    }

    [Fact]
    public async Task Another_accounts_ids_in_paths_filters_and_csv_answer_404_or_nothing_and_extra_fields_are_not_assigned()
    {
        var nordwindUser = (await HttpAssert.OkJsonAsync(await world.Other.GetAsync("/api/v1/me"))).GetProperty("user").GetProperty("id").GetGuid();
        var nordwindCostCenter = (await HttpAssert.OkJsonAsync(await world.Other.GetAsync("/api/v1/cost-centers"))).GetProperty("items")[0];
        var nordwindUnit = nordwindCostCenter.GetProperty("orgUnitId").GetGuid();

        await HttpAssert.ProblemAsync(await world.AcmeAdmin.GetAsync($"/api/v1/users/{nordwindUser}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await world.AcmeAdmin.GetAsync($"/api/v1/cost-centers/{nordwindCostCenter.GetProperty("id").GetGuid()}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        var filtered = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.GetAsync($"/api/v1/users?orgUnitId={nordwindUnit}"));
        Assert.Equal(0, filtered.GetProperty("items").GetArrayLength());
        var orders = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.GetAsync($"/api/v1/orders?costCenterId={nordwindCostCenter.GetProperty("id").GetGuid()}"));
        Assert.Equal(0, orders.GetProperty("items").GetArrayLength());

        var cart = (await OrderingWorld.NewCartAsync(world.Buyer, "foreign cost center")).GetProperty("id").GetGuid();
        using var csv = new StringContent($"sku,quantity,cost_center\nFAS-1001,1,{nordwindCostCenter.GetProperty("id").GetGuid()}\n", Encoding.UTF8, "text/csv");
        var problem = await HttpAssert.ProblemAsync(await world.Buyer.PostAsync($"/api/v1/carts/{cart}/imports", csv), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains("unknown-cost-center", problem.GetProperty("rowErrors").ToString(), StringComparison.Ordinal);

        // Mass assignment: an account id, an id or an owner in the body is refused (unknown properties are a 400
        // naming them), so none of them can be assigned.
        var refused = await HttpAssert.ProblemAsync(await world.Buyer.PostAsJsonAsync("/api/v1/carts", new
        {
            name = "mine", customerId = Guid.NewGuid(), id = Guid.NewGuid(), ownerUserId = nordwindUser,
        }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains("$.customerId", refused.GetProperty("errors").ToString(), StringComparison.Ordinal);
        var created = await HttpAssert.OkJsonAsync(await world.Buyer.PostAsJsonAsync("/api/v1/carts", new { name = "mine" }), HttpStatusCode.Created);
        var mine = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/carts/{created.GetProperty("id").GetGuid()}"));
        Assert.Equal("mine", mine.GetProperty("name").GetString());
        await HttpAssert.ProblemAsync(await world.Other.GetAsync($"/api/v1/carts/{created.GetProperty("id").GetGuid()}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Downloads_and_problems_carry_nosniff()
    {
        var order = await world.PlaceAsync(world.Buyer, new { lines = new[] { new { sku = "FAS-1001", quantity = 1 } }, deliveryAddressId = world.AcmeDeliveryAddress });
        var id = order.GetProperty("id").GetGuid();
        using var upload = new ByteArrayContent("%PDF-1.4\n<html><script>alert(1)</script>\n"u8.ToArray());
        upload.Headers.ContentType = new("application/pdf");
        var document = await HttpAssert.OkJsonAsync(await world.Erp.PostAsync($"/api/v1/orders/{id}/documents?kind=invoice&fileName=INV-9.pdf", upload), HttpStatusCode.Created);

        var download = await world.Buyer.GetAsync($"/api/v1/orders/{id}/documents/{document.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var missing = await world.Buyer.GetAsync($"/api/v1/orders/{id}/documents/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("nosniff", missing.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private static async Task AssertStaleRefusedAsync(HttpClient client, string path, HttpMethod method, object body)
    {
        var read = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag?.Tag;
        Assert.False(string.IsNullOrEmpty(etag), $"{path} answered no ETag.");

        using var fresh = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        fresh.Headers.TryAddWithoutValidation("If-Match", etag);
        var applied = await client.SendAsync(fresh);
        Assert.True(applied.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)applied.StatusCode} {await applied.Content.ReadAsStringAsync()}");
        Assert.NotEqual(etag, applied.Headers.ETag?.Tag);

        using var stale = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await HttpAssert.ProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
    }

    /// <summary>A CSV body generated while it is sent (never held): prefix, <c>length</c> filler bytes, suffix.</summary>
    private sealed class GeneratedCsv : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly long _length;
        private readonly byte _filler;
        private readonly byte[] _suffix;

        public GeneratedCsv(byte[] prefix, long length, byte filler, byte[] suffix)
        {
            (_prefix, _length, _filler, _suffix) = (prefix, length, filler, suffix);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            try
            {
                await stream.WriteAsync(_prefix);
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, _filler);
                for (long sent = 0; sent < _length; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, _length - sent)));
                }
                await stream.WriteAsync(_suffix);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The API answered and stopped reading: that is the point.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _prefix.Length + _length + _suffix.Length;
            return true;
        }
    }
}
