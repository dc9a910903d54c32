using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Features.Punchout;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.Punchout.Cxml;
using Portal.Punchout.Tests;

namespace Portal.Api.Tests.Punchout;

/// <summary>cXML punchout over real HTTP against PostgreSQL: set-up, sessions through the form endpoints, transfer, OrderRequest intake.</summary>
public sealed class CxmlPunchoutTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> CountAsync<T>(Func<PortalDbContext, IQueryable<T>> query)
    {
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await query(db).CountAsync();
    }

    private static string StartPage(CxmlDocument answer)
    {
        Assert.Equal(200, answer.Response!.Status.Code);
        return Assert.IsType<PunchOutSetupResponse>(answer.Response.Body).StartPageUrl;
    }

    [Fact]
    public async Task Settings_are_validated_and_the_secret_is_never_returned()
    {
        var settings = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync($"/api/v1/customers/{world.Acme}/punchout"));
        var cxml = settings.GetProperty("cxml");
        Assert.True(cxml.GetProperty("sharedSecretSet").GetBoolean());
        Assert.DoesNotContain(PunchoutWorld.AcmeSecret, settings.GetRawText());
        Assert.Equal("http://localhost/punchout/cxml", cxml.GetProperty("endpointUrl").GetString());
        Assert.Equal("networkid", cxml.GetProperty("credentials")[0].GetProperty("domain").GetString());

        using (var scope = world.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().PunchoutAccounts.AsNoTracking().SingleAsync(a => a.CustomerId.Equals(world.Acme));
            Assert.StartsWith("pbkdf2-sha256$", stored.SharedSecretHash);
            Assert.DoesNotContain(PunchoutWorld.AcmeSecret, stored.SharedSecretHash);
        }

        // Plain http to another host, a query in a prefix, no secret on first set-up, and a taken credential.
        var bad = await HttpAssert.ProblemAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Nordwind}/punchout", new
        {
            cxml = new { credentials = new[] { new { domain = "DUNS", identity = "" } }, allowedReturnUrls = new[] { "http://buyer.example/x", "https://b.example/?a=1" }, formEncoding = "xml" },
        }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var errors = bad.GetProperty("errors");
        Assert.True(errors.TryGetProperty("cxml.credentials[0].identity", out _));
        Assert.True(errors.TryGetProperty("cxml.allowedReturnUrls[0]", out _));
        Assert.True(errors.TryGetProperty("cxml.allowedReturnUrls[1]", out _));
        Assert.True(errors.TryGetProperty("cxml.formEncoding", out _));

        var customer = (await HttpAssert.OkJsonAsync(await world.Admin.PostAsJsonAsync("/api/v1/customers", new { name = "Punchout Newco", customerGroup = "industry", currency = "EUR" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await HttpAssert.ProblemAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{customer}/punchout", new
        {
            cxml = new { credentials = new[] { new { domain = "NETWORKID", identity = "an-acme-test" } }, sharedSecret = "another-secret-1", allowedReturnUrls = new[] { "https://newco.example/" } },
        }), HttpStatusCode.Conflict, ProblemTypes.Conflict);
        await HttpAssert.ProblemAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{customer}/punchout", new
        {
            cxml = new { credentials = new[] { new { domain = "DUNS", identity = "222" } }, allowedReturnUrls = new[] { "https://newco.example/" } },
        }), HttpStatusCode.BadRequest, ProblemTypes.Validation);

        // Customer-side callers cannot see or change it.
        await HttpAssert.ProblemAsync(await world.AcmeBuyer.GetAsync($"/api/v1/customers/{world.Acme}/punchout"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task Profile_request_lists_the_transactions()
    {
        var (http, answer) = await world.PostCxmlAsync(PunchoutWorld.ProfileRequest());
        Assert.Equal(HttpStatusCode.OK, http);
        var profile = Assert.IsType<ProfileResponse>(answer.Response!.Body);
        Assert.Equal(["ProfileRequest", "PunchOutSetupRequest", "OrderRequest"], profile.Transactions.Select(t => t.RequestName));
        Assert.All(profile.Transactions, t => Assert.Equal("http://localhost/punchout/cxml", t.Url));

        var (wrongHttp, wrong) = await world.PostCxmlAsync(PunchoutWorld.ProfileRequest("not-the-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongHttp);
        Assert.Equal(401, wrong.Response!.Status.Code);
    }

    [Fact]
    public async Task An_ariba_session_driven_through_the_forms_returns_a_valid_cart_at_the_customers_prices()
    {
        var (_, answer) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup(cookie: "ariba-cookie-<&>-1"));
        var startPage = StartPage(answer);
        Assert.StartsWith("http://localhost/punchout/session/", startPage);
        var browser = await world.EnterAsync(startPage);

        // The StartPage works once.
        var again = await world.Browser().GetAsync(new Uri(startPage).PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.StartsWith("text/html", again.Content.Headers.ContentType?.MediaType);

        var catalog = await browser.GetStringAsync("/punchout/session/catalog?q=FAS-1001");
        Assert.Contains("FAS-1001", catalog);
        Assert.Contains("id=\"qty-FAS-1001\" name=\"quantity\" inputmode=\"numeric\"", catalog); // boxes: whole numbers
        Assert.Contains("inputmode=\"decimal\"", await browser.GetStringAsync("/punchout/session/products/CLN-1001")); // litres
        var product = await browser.GetStringAsync("/punchout/session/products/TOL-1001");
        Assert.Contains("You save", product); // Acme's own price below list

        var token = await PunchoutWorld.FormTokenAsync(browser);
        var added = await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1001"), ("quantity", "12"));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "TOL-1001"), ("quantity", "1"))).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1001"), ("quantity", "3"))).StatusCode);
        // A forged form (no token) and a bad quantity are refused and change nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("sku", "CLN-1001"), ("quantity", "1"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "CLN-1001"), ("quantity", "-2"))).StatusCode);
        var halfBox = await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1001"), ("quantity", "1,5"));
        Assert.Equal(HttpStatusCode.BadRequest, halfBox.StatusCode);
        Assert.Contains("whole units (BX)", await halfBox.Content.ReadAsStringAsync());

        var (field, xml, html) = await PunchoutWorld.TransferAsync(browser);
        Assert.Equal("cXML-base64", field);
        Assert.Contains("action=\"http://127.0.0.1:9/buyer/return\"", html);
        Assert.Empty(CxmlDtdValidator.Validate(xml));
        var message = CxmlReader.Read(xml).Message!;
        Assert.Equal("ariba-cookie-<&>-1", message.BuyerCookie);
        Assert.Equal("edit", message.OperationAllowed);
        Assert.Equal(2, message.Items.Count);
        var fas = message.Items.Single(i => i.ItemId.SupplierPartId == "FAS-1001");
        Assert.Equal(15m, fas.Quantity);
        var expected = await world.PriceForAcmeAsync("FAS-1001", 15);
        Assert.Equal(expected.GetProperty("unitPrice").GetDecimal(), fas.Detail.UnitPrice.Amount);
        Assert.Equal("EUR", fas.Detail.UnitPrice.Currency);
        Assert.Equal("UNSPSC", fas.Detail.Classifications[0].Domain);
        Assert.NotNull(fas.ItemId.SupplierPartAuxiliaryId);
        var tol = message.Items.Single(i => i.ItemId.SupplierPartId == "TOL-1001");
        Assert.Equal((await world.PriceForAcmeAsync("TOL-1001", 1)).GetProperty("unitPrice").GetDecimal(), tol.Detail.UnitPrice.Amount);
        Assert.True(tol.Detail.UnitPrice.Amount < (await world.PriceForAcmeAsync("TOL-1001", 1)).GetProperty("listPrice").GetDecimal());
        Assert.Equal(message.Items.Sum(i => Math.Round(i.Detail.UnitPrice.Amount * i.Quantity, 2)), message.Total.Amount);

        // The session is over: the cart pages say so, and a second transfer is refused.
        var after = await browser.GetAsync("/punchout/session/cart");
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
    }

    [Fact]
    public async Task A_coupa_setup_out_of_dtd_order_is_accepted_and_the_cart_goes_back_urlencoded_when_the_account_says_so()
    {
        var (http, answer) = await world.PostCxmlAsync(PunchoutWorld.CoupaSetup(), "application/xml");
        Assert.Equal(HttpStatusCode.OK, http);
        var browser = await world.EnterAsync(StartPage(answer));
        var token = await PunchoutWorld.FormTokenAsync(browser);
        await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "OFF-1002"), ("quantity", "2"));
        var (field, xml, _) = await PunchoutWorld.TransferAsync(browser);
        Assert.Equal("cXML-base64", field);
        Assert.Equal("coupa-cookie-7f", CxmlReader.Read(xml).Message!.BuyerCookie);

        // Switch Nordwind-independent Acme to urlencoded, punch out again.
        var settings = new
        {
            cxml = new
            {
                credentials = new[] { new { domain = "NetworkID", identity = PunchoutWorld.AcmeIdentity } },
                allowedReturnUrls = new[] { "http://127.0.0.1:9/buyer", "https://buyer.example/punchout" },
                autoCreateUsers = true,
                formEncoding = "cxml-urlencoded",
            },
        };
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", settings));
        try
        {
            var (_, second) = await world.PostCxmlAsync(PunchoutWorld.CoupaSetup());
            var other = await world.EnterAsync(StartPage(second));
            var otherToken = await PunchoutWorld.FormTokenAsync(other);
            await PunchoutWorld.PostFormAsync(other, "/punchout/session/cart/lines", ("formToken", otherToken), ("sku", "OFF-1003"), ("quantity", "1"));
            var (field2, xml2, _) = await PunchoutWorld.TransferAsync(other);
            Assert.Equal("cXML-urlencoded", field2);
            Assert.True(xml2.All(c => c < 128));
            Assert.Empty(CxmlDtdValidator.Validate(xml2));
            Assert.Single(CxmlReader.Read(xml2).Message!.Items);
        }
        finally
        {
            await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout",
                settings with { cxml = settings.cxml with { formEncoding = "cxml-base64" } }));
        }
    }

    [Fact]
    public async Task Unknown_buyers_are_created_as_requesters_only_where_the_account_allows_it()
    {
        var email = $"new.buyer.{Guid.NewGuid():N}@acme.example";
        var (_, answer) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup(email: email));
        StartPage(answer);
        using (var scope = world.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var user = await db.Users.IgnoreQueryFilters().Include(u => u.Roles).SingleAsync(u => u.Email == email);
            Assert.Equal(world.Acme, user.CustomerId);
            Assert.Equal("Jamie Doe", user.Name);
            Assert.Equal("requester", Assert.Single(user.Roles).Role);
        }

        // Nordwind does not create users: 403, and no session is stored.
        var before = await CountAsync(db => db.PunchoutSessions.IgnoreQueryFilters());
        var nordwind = PunchoutWorld.AribaSetup(email: "stranger@nordwind.example", secret: PunchoutWorld.NordwindSecret, identity: PunchoutWorld.NordwindIdentity,
            returnUrl: "https://nordwind-buyer.example/return").Replace("domain=\"NetworkID\"><Identity>111111111", "domain=\"DUNS\"><Identity>111111111");
        var (http, refused) = await world.PostCxmlAsync(nordwind);
        Assert.Equal(HttpStatusCode.Forbidden, http);
        Assert.Equal(403, refused.Response!.Status.Code);
        Assert.Equal(before, await CountAsync(db => db.PunchoutSessions.IgnoreQueryFilters()));
        Assert.Equal(0, await CountAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Email == "stranger@nordwind.example")));
    }

    [Theory]
    [InlineData("wrong-secret", PunchoutWorld.AcmeIdentity, PunchoutWorld.ReturnUrl, 401)]
    [InlineData(PunchoutWorld.AcmeSecret, "AN-UNKNOWN", PunchoutWorld.ReturnUrl, 401)]
    [InlineData(PunchoutWorld.AcmeSecret, PunchoutWorld.AcmeIdentity, "https://evil.example/buyer/return", 403)]
    [InlineData(PunchoutWorld.AcmeSecret, PunchoutWorld.AcmeIdentity, "http://127.0.0.1:9/buyerevil/return", 403)]
    [InlineData(PunchoutWorld.AcmeSecret, PunchoutWorld.AcmeIdentity, "https://buyer.example.evil.test/punchout", 403)]
    public async Task Wrong_credentials_and_disallowed_return_urls_are_refused_and_store_nothing(string secret, string identity, string returnUrl, int code)
    {
        var before = await CountAsync(db => db.PunchoutSessions.IgnoreQueryFilters());
        var (http, answer) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup(secret: secret, identity: identity, returnUrl: returnUrl));
        Assert.Equal(code, (int)http);
        Assert.Equal(code, answer.Response!.Status.Code);
        Assert.DoesNotContain(PunchoutWorld.AcmeSecret, answer.Response.Status.Message ?? string.Empty);
        Assert.Equal(before, await CountAsync(db => db.PunchoutSessions.IgnoreQueryFilters()));
    }

    [Fact]
    public async Task An_expired_start_page_is_refused()
    {
        var (_, answer) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup());
        var startPage = StartPage(answer);
        var hash = PunchoutTokens.Hash(startPage[(startPage.LastIndexOf('/') + 1)..]);
        using (var scope = world.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.PunchoutSessions.IgnoreQueryFilters().Where(s => s.StartTokenHash == hash)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.StartExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }
        var response = await world.Browser().GetAsync(new Uri(startPage).PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Edit_brings_the_old_cart_and_inspect_is_read_only()
    {
        const string items = """
            <ItemOut quantity="4"><ItemID><SupplierPartID>CLN-1001</SupplierPartID><SupplierPartAuxiliaryID>old</SupplierPartAuxiliaryID></ItemID></ItemOut>
            <ItemOut quantity="1"><ItemID><SupplierPartID>NO-SUCH-SKU</SupplierPartID></ItemID></ItemOut>
            """;
        var (_, edit) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup(operation: "edit", items: items));
        var browser = await world.EnterAsync(StartPage(edit));
        var cart = await browser.GetStringAsync("/punchout/session/cart");
        Assert.Contains("CLN-1001", cart);
        Assert.Contains("1 line(s) of your cart are no longer available", await browser.GetStringAsync("/punchout/session/catalog"));

        var (_, inspect) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup(operation: "inspect", items: items));
        var viewer = await world.EnterAsync(StartPage(inspect));
        var token = await PunchoutWorld.FormTokenAsync(viewer);
        var add = await PunchoutWorld.PostFormAsync(viewer, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1001"), ("quantity", "1"));
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        var (_, xml, _) = await PunchoutWorld.TransferAsync(viewer);
        var message = CxmlReader.Read(xml).Message!;
        Assert.Equal("inspect", message.OperationAllowed);
        Assert.Equal("CLN-1001", Assert.Single(message.Items).ItemId.SupplierPartId);
    }

    [Fact]
    public async Task An_empty_transfer_after_create_cancels()
    {
        var (_, answer) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup(cookie: "cancel-me"));
        var browser = await world.EnterAsync(StartPage(answer));
        var (_, xml, _) = await PunchoutWorld.TransferAsync(browser, "/punchout/session/cancel");
        Assert.Empty(CxmlDtdValidator.Validate(xml));
        var message = CxmlReader.Read(xml).Message!;
        Assert.Equal("cancel-me", message.BuyerCookie);
        Assert.Empty(message.Items);
        Assert.Equal(0m, message.Total.Amount);
    }

    [Theory]
    [InlineData("external-entity")]
    [InlineData("parameter-entity")]
    [InlineData("billion-laughs")]
    [InlineData("malformed")]
    public async Task Hostile_or_broken_xml_is_answered_406_and_never_expanded(string kind)
    {
        var xml = kind switch
        {
            "external-entity" => """<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><cXML payloadID="x@y" timestamp="2026-11-30T10:00:00Z"><Header><From><Credential domain="NetworkID"><Identity>&xxe;</Identity></Credential></From><To/><Sender/></Header><Request><ProfileRequest/></Request></cXML>""",
            "parameter-entity" => """<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]><cXML payloadID="x@y" timestamp="2026-11-30T10:00:00Z"><Request><ProfileRequest/></Request></cXML>""",
            "billion-laughs" => """<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><cXML payloadID="x@y" timestamp="2026-11-30T10:00:00Z"><Header><From><Credential domain="x"><Identity>&d;</Identity></Credential></From></Header><Request><ProfileRequest/></Request></cXML>""",
            _ => "<cXML payloadID=\"x@y\"><Request><ProfileRequest></Request>",
        };
        var (http, answer) = await world.PostCxmlAsync(xml);
        Assert.Equal(HttpStatusCode.NotAcceptable, http);
        Assert.Equal(406, answer.Response!.Status.Code);
        Assert.DoesNotContain("root:", answer.Response.Status.Message ?? string.Empty);
    }

    [Fact]
    public async Task Oversized_documents_and_wrong_content_types_get_a_cxml_status()
    {
        var big = PunchoutWorld.ProfileRequest().Replace("<Request>", "<Request><!--" + new string('x', 11 * 1024 * 1024) + "-->");
        var (http, answer) = await world.PostCxmlAsync(big);
        Assert.Equal(HttpStatusCode.NotAcceptable, http);
        Assert.Equal(406, answer.Response!.Status.Code);

        var (jsonHttp, json) = await world.PostCxmlAsync("{}", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, jsonHttp);
        Assert.Equal(400, json.Response!.Status.Code);

        var unsupported = PunchoutWorld.ProfileRequest().Replace("<ProfileRequest/>", "<StatusUpdateRequest><Status code=\"200\" text=\"OK\"/></StatusUpdateRequest>");
        var (notImplemented, status) = await world.PostCxmlAsync(unsupported);
        Assert.Equal(HttpStatusCode.NotImplemented, notImplemented);
        Assert.Equal(450, status.Response!.Status.Code);
    }

    [Fact]
    public async Task An_order_request_sent_twice_creates_one_order_with_its_cost_centers_and_price_checks()
    {
        // A punchout cart first: its lines are the quotes the order refers to.
        var (_, setup) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup());
        var browser = await world.EnterAsync(StartPage(setup));
        var token = await PunchoutWorld.FormTokenAsync(browser);
        await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "TOL-1002"), ("quantity", "2"));
        await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "SAF-1001"), ("quantity", "5"));
        var (_, xml, _) = await PunchoutWorld.TransferAsync(browser);
        var quoted = CxmlReader.Read(xml).Message!.Items;
        var tool = quoted.Single(i => i.ItemId.SupplierPartId == "TOL-1002");
        var safety = quoted.Single(i => i.ItemId.SupplierPartId == "SAF-1001");

        var poNumber = "PO-" + Guid.NewGuid().ToString("N")[..10];
        var lines = new[]
        {
            ("TOL-1002", tool.ItemId.SupplierPartAuxiliaryId, 2m, tool.Detail.UnitPrice.Amount, "CC-1010"),            // as quoted
            ("SAF-1001", safety.ItemId.SupplierPartAuxiliaryId, 5m, safety.Detail.UnitPrice.Amount - 1m, "cc-1020"),  // buyer changed the price
            ("OFF-1001", (string?)null, 3m, 999m, "KST-9999"),                                                       // never quoted; unknown cost center
        };
        var first = PunchoutWorld.OrderRequest(poNumber, lines);
        var (http1, answer1) = await world.PostCxmlAsync(first);
        Assert.Equal(HttpStatusCode.OK, http1);
        Assert.Equal(200, answer1.Response!.Status.Code);
        // Re-sent: same document, then the same order and version under a new payloadID (a buyer's retry after a timeout).
        var (http2, answer2) = await world.PostCxmlAsync(first);
        Assert.Equal(HttpStatusCode.OK, http2);
        Assert.Contains("received before", answer2.Response!.Status.Message);
        var (http3, _) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest(poNumber, lines));
        Assert.Equal(HttpStatusCode.OK, http3);

        var list = await HttpAssert.OkJsonAsync(await world.AcmeBuyer.GetAsync($"/api/v1/orders?q={poNumber}"));
        var summary = Assert.Single(list.GetProperty("items").EnumerateArray());
        var order = await HttpAssert.OkJsonAsync(await world.AcmeBuyer.GetAsync($"/api/v1/orders/{summary.GetProperty("id").GetGuid()}"));
        Assert.Equal("cxml", order.GetProperty("source").GetString());
        Assert.Equal("punchout-cxml", order.GetProperty("channel").GetString());
        Assert.Equal("Deliver to gate 2", order.GetProperty("note").GetString());
        Assert.Equal("Industriestrasse 5", order.GetProperty("deliveryAddress").GetProperty("street").GetString());
        var orderLines = order.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["CC-1010", "CC-1020", "KST-9999"], orderLines.Select(l => l.GetProperty("costCenterCode").GetString()));
        Assert.NotEqual(JsonValueKind.Null, orderLines[0].GetProperty("costCenterId").ValueKind);
        Assert.Equal(JsonValueKind.Null, orderLines[2].GetProperty("costCenterId").ValueKind);
        Assert.Equal(safety.Detail.UnitPrice.Amount - 1m, orderLines[1].GetProperty("unitPrice").GetDecimal());
        Assert.Equal("purchase-order", orderLines[1].GetProperty("priceSource").GetString());
        var mismatches = order.GetProperty("priceMismatches").EnumerateArray().ToList();
        Assert.Equal(2, mismatches.Count);
        Assert.Equal("differs-from-quote", mismatches[0].GetProperty("reason").GetString());
        Assert.Equal(safety.Detail.UnitPrice.Amount, mismatches[0].GetProperty("quotedUnitPrice").GetDecimal());
        Assert.Equal("not-quoted", mismatches[1].GetProperty("reason").GetString());
        Assert.Equal("OFF-1001", mismatches[1].GetProperty("sku").GetString());

        // Version 2 changes the lines; a stale version is a conflict; delete cancels.
        var (update, _) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest(poNumber, [("TOL-1002", tool.ItemId.SupplierPartAuxiliaryId, 4m, tool.Detail.UnitPrice.Amount, "CC-1010")], type: "update", version: 2));
        Assert.Equal(HttpStatusCode.OK, update);
        var changed = await HttpAssert.OkJsonAsync(await world.AcmeBuyer.GetAsync($"/api/v1/orders/{summary.GetProperty("id").GetGuid()}"));
        Assert.Equal(4m, Assert.Single(changed.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetDecimal());
        Assert.Empty(changed.GetProperty("priceMismatches").EnumerateArray());
        var (newAgain, conflict) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest(poNumber, lines, type: "new", version: 5));
        Assert.Equal(HttpStatusCode.Conflict, newAgain);
        Assert.Equal(409, conflict.Response!.Status.Code);
        var (delete, _) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest(poNumber, lines, type: "delete", version: 3));
        Assert.Equal(HttpStatusCode.OK, delete);
        var cancelled = await HttpAssert.OkJsonAsync(await world.AcmeBuyer.GetAsync($"/api/v1/orders/{summary.GetProperty("id").GetGuid()}"));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(1, await CountAsync(db => db.Orders.IgnoreQueryFilters().Where(o => o.CustomerReference == poNumber)));
    }

    [Fact]
    public async Task The_same_order_request_sent_eight_times_at_once_places_one_order_and_answers_every_copy()
    {
        // A buyer system that times out and re-sends while the first copy is still being placed. Six rounds: a copy
        // that read no receipt of its own and then the winner's committed one was once refused as "received already".
        for (var round = 0; round < 6; round++)
        {
            var poNumber = "PO-RACE-" + Guid.NewGuid().ToString("N")[..8];
            var document = PunchoutWorld.OrderRequest(poNumber, [("FAS-1001", null, 3m, 1m, "CC-1010")]);
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => world.PostCxmlAsync(document)));
            Assert.All(answers, a =>
            {
                Assert.Equal(HttpStatusCode.OK, a.Http);
                Assert.Equal(200, a.Answer.Response!.Status.Code);
            });
            Assert.Equal(1, await CountAsync(db => db.Orders.IgnoreQueryFilters().Where(o => o.CustomerReference == poNumber)));
        }
    }

    [Fact]
    public async Task A_bad_order_request_changes_nothing_and_another_accounts_quotes_and_orders_stay_apart()
    {
        var before = await CountAsync(db => db.Orders.IgnoreQueryFilters());
        var (badSku, answer) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-BAD-1", [("FAS-1001", null, 1m, 1m, "CC-1010"), ("NOPE-1", null, 1m, 1m, "CC-1010")]));
        Assert.Equal(HttpStatusCode.BadRequest, badSku);
        Assert.Contains("NOPE-1", answer.Response!.Status.Message);
        var (badCurrency, _) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-BAD-2", [("FAS-1001", null, 1m, 1m, "CC-1010")], currency: "USD"));
        Assert.Equal(HttpStatusCode.BadRequest, badCurrency);
        // FAS-1001 is sold by the box (BX): half a box is refused, naming the line and the unit.
        var (halfBox, halfAnswer) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-BAD-4", [("FAS-1001", null, 2m, 1m, "CC-1010"), ("FAS-1001", null, 0.5m, 1m, "CC-1010")]));
        Assert.Equal(HttpStatusCode.BadRequest, halfBox);
        Assert.Contains("ItemOut 2", halfAnswer.Response!.Status.Message);
        Assert.Contains("whole units (BX)", halfAnswer.Response!.Status.Message);
        var (wrongSecret, _) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-BAD-3", [("FAS-1001", null, 1m, 1m, "CC-1010")], secret: "nope-nope"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret);
        Assert.Equal(before, await CountAsync(db => db.Orders.IgnoreQueryFilters()));

        // Nordwind orders with an Acme quote reference: the quote is not Nordwind's, so the line is "not-quoted".
        var (_, setup) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup());
        var browser = await world.EnterAsync(StartPage(setup));
        var token = await PunchoutWorld.FormTokenAsync(browser);
        await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1003"), ("quantity", "1"));
        var acmeQuote = CxmlReader.Read((await PunchoutWorld.TransferAsync(browser)).Xml).Message!.Items[0];
        var po = "PO-NW-" + Guid.NewGuid().ToString("N")[..8];
        var (ok, _) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest(po, [("FAS-1003", acmeQuote.ItemId.SupplierPartAuxiliaryId, 1m, acmeQuote.Detail.UnitPrice.Amount, "CC-1010")],
            identity: PunchoutWorld.NordwindIdentity, secret: PunchoutWorld.NordwindSecret, domain: "DUNS"));
        Assert.Equal(HttpStatusCode.OK, ok);
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var order = await db.Orders.IgnoreQueryFilters().SingleAsync(o => o.CustomerReference == po);
        Assert.Equal(world.Nordwind, order.CustomerId);
        Assert.DoesNotContain(order.PriceMismatches, m => m.Reason == "differs-from-quote");
        // Acme cannot see it.
        await HttpAssert.ProblemAsync(await world.AcmeBuyer.GetAsync($"/api/v1/orders/{order.Id}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }
}
