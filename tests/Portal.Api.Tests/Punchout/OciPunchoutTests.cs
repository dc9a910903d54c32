using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Features.Punchout;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;
using Portal.Punchout.Oci;

namespace Portal.Api.Tests.Punchout;

/// <summary>
/// SAP OCI over real HTTP against PostgreSQL: the OCI set-up, the entry with its credentials and HOOK_URL allowlist,
/// the functions, and the NEW_ITEM transfer form with the OCI 4.0 lengths and formats.
/// </summary>
public sealed partial class OciPunchoutTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>, IAsyncLifetime
{
    private const string Username = "SAP-ACME";
    private const string Password = "acme-oci-password";
    private const string Hook = "https://sap.acme.example/sap/bc/gui/sap/its/bbpstart/oci_hook";

    public async Task InitializeAsync()
    {
        await world.BuildAsync();
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", new
        {
            oci = new { username = Username, password = Password, allowedHookUrls = new[] { "https://sap.acme.example/sap/bc/", "http://127.0.0.1:9/buyer" } },
            defaultBuyerEmail = "oci.buyer@acme.example",
        }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Call(string hook = Hook + "?sap-client=100&BBPCALLER=X%20Y", string? function = null, params (string Name, string Value)[] extra)
    {
        var fields = new List<(string, string)> { ("USERNAME", Username), ("PASSWORD", Password), ("HOOK_URL", hook), ("OCI_VERSION", "4.0"), ("~TARGET", "_top"), ("~caller", "CTLG") };
        if (function is not null)
        {
            fields.Add(("FUNCTION", function));
        }
        fields.AddRange(extra);
        return "/punchout/oci?" + string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
    }

    private static Dictionary<string, string> Fields(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in HiddenInput().Matches(html))
        {
            fields[WebUtility.HtmlDecode(m.Groups[1].Value)] = WebUtility.HtmlDecode(m.Groups[2].Value);
        }
        return fields;
    }

    /// <summary>Every NEW_ITEM field is within its OCI 4.0 length, and the numbers have the OCI format.</summary>
    private static void AssertOciFormats(Dictionary<string, string> fields)
    {
        foreach (var (name, value) in fields.Where(f => f.Key.StartsWith("NEW_ITEM-", StringComparison.Ordinal)))
        {
            var field = OciFieldName().Match(name).Groups[1].Value;
            if (OciFields.Lengths.TryGetValue(field, out var length))
            {
                Assert.True(value.Length <= length, $"{name} = '{value}' is longer than {length}");
            }
            if (field is "QUANTITY" or "PRICE" or "PRICEUNIT")
            {
                Assert.Matches(@"^\d{1,11}(\.\d{1,3})?$", value);
            }
        }
    }

    [Fact]
    public async Task Oci_settings_are_stored_with_the_password_hashed_and_never_returned()
    {
        var settings = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync($"/api/v1/customers/{world.Acme}/punchout"));
        var oci = settings.GetProperty("oci");
        Assert.Equal(Username.ToLowerInvariant(), oci.GetProperty("username").GetString());
        Assert.True(oci.GetProperty("passwordSet").GetBoolean());
        Assert.EndsWith("/punchout/oci", oci.GetProperty("endpointUrl").GetString());
        Assert.DoesNotContain(Password, settings.GetRawText());
        Assert.Equal(JsonValueKind.Object, settings.GetProperty("cxml").ValueKind); // cXML kept: the PUT sent OCI only
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var stored = await db.PunchoutAccounts.AsNoTracking().SingleAsync(a => a.CustomerId == world.Acme);
        Assert.NotEqual(Password, stored.OciPasswordHash);
        Assert.StartsWith("pbkdf2", stored.OciPasswordHash!, StringComparison.OrdinalIgnoreCase);

        // Another account cannot take the username; a hook prefix must be https.
        var clash = await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Nordwind}/punchout", new
        {
            oci = new { username = Username, password = "another-password", allowedHookUrls = new[] { "https://sap.nordwind.example/" } },
            defaultBuyerEmail = "buyer@nordwind.example",
        });
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var invalid = await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Nordwind}/punchout", new
        {
            oci = new { username = "sap-nordwind", password = "short", allowedHookUrls = new[] { "http://sap.nordwind.example/" } },
        });
        var problem = await HttpAssert.ProblemAsync(invalid, HttpStatusCode.BadRequest, "urn:portal:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("oci.password", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("oci.allowedHookUrls[0]", out _));
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_user_is_refused_alike_and_a_disallowed_hook_url_is_refused()
    {
        using var browser = world.Browser();
        var wrong = await browser.GetAsync(Call().Replace(Uri.EscapeDataString(Password), "wrong-password", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var unknown = await browser.GetAsync(Call().Replace(Username, "NOBODY", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(Text(await wrong.Content.ReadAsStringAsync()), Text(await unknown.Content.ReadAsStringAsync()));

        var sessionsBefore = await CountSessionsAsync();
        foreach (var hook in new[] { "https://sap.acme.example.evil.test/sap/bc/hook", "https://evil.example/sap/bc/", "https://sap.acme.example/other", "javascript:alert(1)" })
        {
            var refused = await browser.GetAsync(Call(hook));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("HOOK_URL is not one of the hook URLs allowed", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(sessionsBefore, await CountSessionsAsync());
        var unsupported = await browser.GetAsync(Call(function: "QUICKORDER"));
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);
    }

    [Fact]
    public async Task A_sap_call_opens_the_catalog_and_the_cart_goes_to_the_hook_url_as_oci_4_fields()
    {
        using var browser = world.Browser();
        // SAP SRM posts the call as a form.
        var entry = await browser.PostAsync("/punchout/oci", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["USERNAME"] = Username, ["PASSWORD"] = Password, ["HOOK_URL"] = Hook + "?sap-client=100&BBPCALLER=X%20Y",
            ["OCI_VERSION"] = "4.0", ["OPI_VERSION"] = "1.0", ["http_content_charset"] = "ISO-8859-1", ["~TARGET"] = "_top", ["~caller"] = "CTLG",
        }));
        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        var start = entry.Headers.Location!.OriginalString;
        Assert.Contains("/punchout/session/", start);
        var landed = await browser.GetAsync(new Uri(start).PathAndQuery);
        Assert.Equal("/punchout/session/catalog", landed.Headers.Location?.OriginalString);

        var token = await PunchoutWorld.FormTokenAsync(browser);
        var added = await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1001"), ("quantity", "12"));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        var transfer = await PunchoutWorld.PostFormAsync(browser, "/punchout/session/transfer", ("formToken", token));
        var html = await transfer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);

        Assert.Contains($"action=\"{Hook}\"", html); // the query string travels as fields
        Assert.Contains("accept-charset=\"ISO-8859-1\"", html);
        Assert.Contains("target=\"_top\"", html);
        Assert.Contains("document.getElementById('poom').submit()", html);
        var fields = Fields(html);
        Assert.Equal("100", fields["sap-client"]);
        Assert.Equal("X Y", fields["BBPCALLER"]);
        Assert.Equal("ADDI", fields["~OkCode"]);
        Assert.Equal("CTLG", fields["~CALLER"]);
        Assert.Equal("_top", fields["~TARGET"]);
        Assert.Equal("FAS-1001", fields["NEW_ITEM-VENDORMAT[1]"]);
        Assert.Equal("FAS-1001", fields["NEW_ITEM-EXT_PRODUCT_ID[1]"]);
        Assert.Equal("12", fields["NEW_ITEM-QUANTITY[1]"]);
        Assert.Equal("EUR", fields["NEW_ITEM-CURRENCY[1]"]);
        Assert.Equal("1", fields["NEW_ITEM-PRICEUNIT[1]"]);
        Assert.Matches("^[A-Z0-9]{2,3}$", fields["NEW_ITEM-UNIT[1]"]);
        Assert.Matches("^[0-9]{8}$", fields["NEW_ITEM-MATGROUP[1]"]);
        Assert.Matches("^[0-9a-f]{32}$", fields["NEW_ITEM-EXT_QUOTE_ID[1]"]);
        Assert.False(string.IsNullOrEmpty(fields["NEW_ITEM-DESCRIPTION[1]"]));
        Assert.DoesNotContain(fields.Keys, k => k.EndsWith("[2]", StringComparison.Ordinal));
        AssertOciFormats(fields);
        // The installation's vendor number (Portal:Punchout:Oci:VendorNumber), and where the price comes from.
        Assert.Equal("0000100234", fields["NEW_ITEM-VENDOR[1]"]);
        Assert.Matches("^(contract|customer|tier|group|list)$", fields["NEW_ITEM-CUST_FIELD3[1]"]);

        // The price is Acme's price for 12, as the REST API calculates it, in minor units.
        var price = (await world.PriceForAcmeAsync("FAS-1001", 12)).GetProperty("unitPrice").GetDecimal();
        Assert.Equal(Math.Round(price, 2).ToString("0.00", CultureInfo.InvariantCulture), fields["NEW_ITEM-PRICE[1]"]);

        // The session is an OCI session and the quote was recorded at the price sent.
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var quoteId = Guid.ParseExact(fields["NEW_ITEM-EXT_QUOTE_ID[1]"], "N");
        var line = await db.PunchoutSessionLines.IgnoreQueryFilters().AsNoTracking().SingleAsync(l => l.Id == quoteId);
        Assert.Equal(decimal.Parse(fields["NEW_ITEM-PRICE[1]"], CultureInfo.InvariantCulture), line.QuotedUnitPrice);
        var session = await db.PunchoutSessions.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == line.SessionId);
        Assert.Equal("oci", session.Protocol);
        Assert.Equal(PunchoutSessionStatuses.Transferred, session.Status);
    }

    [Fact]
    public async Task Detail_opens_the_products_page_and_sourcing_the_search()
    {
        using var browser = world.Browser();
        var detail = await browser.GetAsync(Call(function: "DETAIL", extra: ("PRODUCTID", "FAS-1001")));
        Assert.Equal(HttpStatusCode.Redirect, detail.StatusCode);
        var landed = await browser.GetAsync(new Uri(detail.Headers.Location!.OriginalString).PathAndQuery);
        Assert.Equal("/punchout/session/products/FAS-1001", landed.Headers.Location?.OriginalString);
        var page = await browser.GetStringAsync("/punchout/session/products/FAS-1001");
        Assert.Contains("Add to cart", page); // transfer possible

        using var second = world.Browser();
        var sourcing = await second.GetAsync(Call(function: "SOURCING", extra: ("SEARCHSTRING", "FAS-1001")));
        var landing = await second.GetAsync(new Uri(sourcing.Headers.Location!.OriginalString).PathAndQuery);
        Assert.Equal("/punchout/session/catalog?q=FAS-1001", landing.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Validate_answers_a_page_that_transfers_the_item_at_once_with_its_current_price()
    {
        using var browser = world.Browser();
        var response = await browser.GetAsync(Call(function: "VALIDATE", extra: [("PRODUCTID", "CLN-1001"), ("QUANTITY", "2,5")]));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("document.getElementById('poom').submit()", html);
        var fields = Fields(html);
        Assert.Equal("2.5", fields["NEW_ITEM-QUANTITY[1]"]);
        Assert.Equal("CLN-1001", fields["NEW_ITEM-VENDORMAT[1]"]);
        var price = (await world.PriceForAcmeAsync("CLN-1001", 2.5m)).GetProperty("unitPrice").GetDecimal();
        Assert.Equal(Math.Round(price, 2).ToString("0.00", CultureInfo.InvariantCulture), fields["NEW_ITEM-PRICE[1]"]);
        AssertOciFormats(fields);

        // A box (BX) is not transferred in halves.
        var halfBox = await browser.GetAsync(Call(function: "VALIDATE", extra: [("PRODUCTID", "FAS-1001"), ("QUANTITY", "2,5")]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, halfBox.StatusCode);
        Assert.Contains("whole units (BX)", await halfBox.Content.ReadAsStringAsync());

        var unknown = await browser.GetAsync(Call(function: "VALIDATE", extra: [("PRODUCTID", "NO-SUCH-SKU"), ("QUANTITY", "1")]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Background_search_answers_the_matches_as_oci_fields_without_submitting_them()
    {
        using var browser = world.Browser();
        var sessionsBefore = await CountSessionsAsync();
        var response = await browser.GetAsync(Call(function: "BACKGROUND_SEARCH", extra: ("SEARCHSTRING", "FAS-100")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script", html);
        var fields = Fields(html);
        var skus = fields.Where(f => f.Key.StartsWith("NEW_ITEM-VENDORMAT[", StringComparison.Ordinal)).Select(f => f.Value).ToList();
        Assert.True(skus.Count >= 2, html);
        Assert.All(skus, sku => Assert.StartsWith("FAS-100", sku));
        Assert.Equal(skus.Count, fields.Count(f => f.Key.StartsWith("NEW_ITEM-PRICE[", StringComparison.Ordinal)));
        AssertOciFormats(fields);
        Assert.Equal(sessionsBefore, await CountSessionsAsync()); // no browser session
    }

    [Fact]
    public async Task Background_search_validate_and_detail_leave_out_products_restricted_to_other_groups_and_the_calls_are_access_logged()
    {
        var sku = "FAS-R" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/products/{sku}", new { name = "Restricted fastener", category = "fasteners", unit = "EA", restrictedTo = new { customerGroups = new[] { "not-acme" } } }), HttpStatusCode.Created);
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = $"LIST-{sku}-EUR", kind = "list", sku, currency = "EUR", price = 1m } } }));
        using var browser = world.Browser();
        var search = await (await browser.GetAsync(Call(function: "BACKGROUND_SEARCH", extra: ("SEARCHSTRING", sku)))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Fields(search).Keys, k => k.StartsWith("NEW_ITEM-VENDORMAT[", StringComparison.Ordinal)); // "0 products match" only
        var validate = await browser.GetAsync(Call(function: "VALIDATE", extra: [("PRODUCTID", sku), ("QUANTITY", "1")]));
        Assert.Equal(HttpStatusCode.NotFound, validate.StatusCode); // as for an unknown product
        var detail = await browser.GetAsync(Call(function: "DETAIL", extra: ("PRODUCTID", sku)));
        Assert.DoesNotContain("Restricted fastener", await detail.Content.ReadAsStringAsync());

        // Punchout requests are in the access log like /api ones (issue #22, item 3).
        await world.Services.GetRequiredService<Portal.Api.Features.AccessLog.AccessLogWriter>().FlushAsync(CancellationToken.None);
        await using var scope = world.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Portal.Api.Infrastructure.Tenancy.TenantScope>().AcrossAccounts();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.True(await db.AccessLog.AnyAsync(e => e.CustomerId == world.Acme && e.Resource.StartsWith("/punchout")), "no /punchout request in the access log");
    }

    [Fact]
    public async Task Quantity_check_answers_availability_as_json()
    {
        using var browser = world.Browser();
        var response = await browser.GetAsync(Call(function: "QUANTITYCHECK", extra: [("PRODUCTID", "FAS-1001"), ("QUANTITY", "1")]));
        var json = await HttpAssert.OkJsonAsync(response);
        Assert.Equal("1", json.GetProperty("AVAILABLE_QUANTITY").GetString());
        Assert.Equal("0", json.GetProperty("LEADTIME").GetString());
        var many = await HttpAssert.OkJsonAsync(await browser.GetAsync(Call(function: "QUANTITYCHECK", extra: [("PRODUCTID", "FAS-1001"), ("QUANTITY", "999999")])));
        Assert.NotEqual("999999", many.GetProperty("AVAILABLE_QUANTITY").GetString());
    }

    [Fact]
    public async Task Prices_are_in_minor_units_on_pages_and_in_the_transfer_and_very_cheap_items_carry_a_price_unit()
    {
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new
        {
            conditions = new object[]
            {
                new { id = "OCI-SUBCENT-1", kind = "customer", sku = "FAS-1003", customerId = world.Acme, currency = "EUR", price = 0.35m, priceUnit = 100m },
                new { id = "OCI-4DEC-1", kind = "customer", sku = "FAS-1004", customerId = world.Acme, currency = "EUR", price = 1243.265m, priceUnit = 10m },
            },
        }));
        using var browser = world.Browser();
        var cheap = Fields(await (await browser.GetAsync(Call(function: "VALIDATE", extra: [("PRODUCTID", "FAS-1003"), ("QUANTITY", "1000")]))).Content.ReadAsStringAsync());
        Assert.Equal("0.35", cheap["NEW_ITEM-PRICE[1]"]); // 0.0035 EUR each
        Assert.Equal("100", cheap["NEW_ITEM-PRICEUNIT[1]"]);
        var precise = Fields(await (await browser.GetAsync(Call(function: "VALIDATE", extra: [("PRODUCTID", "FAS-1004"), ("QUANTITY", "3")]))).Content.ReadAsStringAsync());
        Assert.Equal("124.33", precise["NEW_ITEM-PRICE[1]"]); // 124.3265 EUR rounded
        Assert.Equal("1", precise["NEW_ITEM-PRICEUNIT[1]"]);

        var detail = await browser.GetAsync(Call(function: "DETAIL", extra: ("PRODUCTID", "FAS-1004")));
        await browser.GetAsync(new Uri(detail.Headers.Location!.OriginalString).PathAndQuery);
        var page = await browser.GetStringAsync("/punchout/session/products/FAS-1004");
        Assert.Contains("124.33 EUR", page);
        Assert.DoesNotContain("124.3265", page);
        var cheapPage = await browser.GetStringAsync("/punchout/session/products/FAS-1003");
        Assert.True(cheapPage.Contains("0.35 EUR / 100 ", StringComparison.Ordinal), System.Text.RegularExpressions.Regex.Match(cheapPage, "<main.*</main>", RegexOptions.Singleline).Value);
        Assert.DoesNotMatch(@"\d\.\d{3,} EUR", page + cheapPage);
    }

    private async Task<int> CountSessionsAsync()
    {
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.PunchoutSessions.IgnoreQueryFilters().CountAsync();
    }

    private static string Text(string html) => Regex.Replace(html, "nonce-[^;']+|nonce=\"[^\"]+\"", string.Empty);

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    /// <summary>An OCI call from BuyerDocuments (one field per line), credentials filled in.</summary>
    private static List<KeyValuePair<string, string>> SapCall(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Punchout", "BuyerDocuments", name))
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf('=', StringComparison.Ordinal)],
                l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Replace("{{USERNAME}}", Username, StringComparison.Ordinal).Replace("{{PASSWORD}}", Password, StringComparison.Ordinal)))
            .ToList();

    [Fact]
    public async Task An_sap_srm_call_posted_as_srm_posts_it_transfers_to_its_hook_with_its_parameters_and_frame()
    {
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", new
        {
            oci = new { username = Username, allowedHookUrls = new[] { "https://sap.acme.example/sap/bc/", "http://127.0.0.1:9/buyer", "https://srm.acme.example/sap/bc/", "https://s4.acme.example:44300/sap/bc/" } },
        }));
        using var browser = world.Browser();
        var entry = await browser.PostAsync("/punchout/oci", new FormUrlEncodedContent(SapCall("sap-srm-oci-call.txt")));
        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        await browser.GetAsync(new Uri(entry.Headers.Location!.OriginalString).PathAndQuery);
        var token = await PunchoutWorld.FormTokenAsync(browser);
        await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1002"), ("quantity", "5"));
        var html = await (await PunchoutWorld.PostFormAsync(browser, "/punchout/session/transfer", ("formToken", token))).Content.ReadAsStringAsync();
        Assert.Contains("action=\"https://srm.acme.example/sap/bc/bsp/sap/bbp_oci_rcv/receive.htm\"", html);
        Assert.Contains("accept-charset=\"ISO-8859-1\"", html);
        Assert.Contains("target=\"_parent\"", html);
        var fields = Fields(html);
        Assert.Equal(("100", "DE", "4.0"), (fields["sap-client"], fields["sap-language"], fields["OCI_VERSION"]));
        Assert.Equal(("ADDI", "_parent", "CTLG"), (fields["~OkCode"], fields["~TARGET"], fields["~CALLER"]));
        Assert.Equal("FAS-1002", fields["NEW_ITEM-VENDORMAT[1]"]);
        Assert.Equal("5", fields["NEW_ITEM-QUANTITY[1]"]);
        AssertOciFormats(fields);

        // S/4HANA's lower-case background search as a GET: the matches as fields, not submitted.
        var query = string.Join("&", SapCall("s4hana-oci-call.txt").Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        var search = await browser.GetAsync("/punchout/oci?" + query);
        var found = await search.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.DoesNotContain(".submit()", found);
        var results = Fields(found);
        Assert.Equal("200", results["sap-client"]);
        Assert.True(results.ContainsKey("NEW_ITEM-DESCRIPTION[1]"), found);
        AssertOciFormats(results);
    }

    [Fact]
    public async Task The_accounts_vendor_number_goes_into_every_line_and_a_bad_one_is_refused()
    {
        var bad = await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", new
        {
            oci = new { username = Username, allowedHookUrls = new[] { "https://sap.acme.example/sap/bc/", "http://127.0.0.1:9/buyer" }, vendorNumber = "TOO-LONG-VENDOR" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var settings = await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", new
        {
            oci = new { username = Username, allowedHookUrls = new[] { "https://sap.acme.example/sap/bc/", "http://127.0.0.1:9/buyer" }, vendorNumber = "V4711" },
        }));
        Assert.Equal("V4711", settings.GetProperty("oci").GetProperty("vendorNumber").GetString());
        try
        {
            using var browser = world.Browser();
            var html = await (await browser.GetAsync(Call(function: "VALIDATE", extra: [("PRODUCTID", "FAS-1001"), ("QUANTITY", "3")]))).Content.ReadAsStringAsync();
            var fields = Fields(html);
            Assert.Equal("V4711", fields["NEW_ITEM-VENDOR[1]"]);
            AssertOciFormats(fields);
        }
        finally
        {
            await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", new
            {
                oci = new { username = Username, allowedHookUrls = new[] { "https://sap.acme.example/sap/bc/", "http://127.0.0.1:9/buyer" }, vendorNumber = "" },
            }));
        }
    }

    [GeneratedRegex(@"^NEW_ITEM-([A-Z_0-9]+)\[")]
    private static partial Regex OciFieldName();
}
