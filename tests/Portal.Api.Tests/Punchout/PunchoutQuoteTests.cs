using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Features.Quotes;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;
using Portal.Punchout.Cxml;
using Portal.Punchout.Tests;

namespace Portal.Api.Tests.Punchout;

/// <summary>
/// Quotes in punchout (issue #18 item 5) over real HTTP against PostgreSQL: an offered quote loaded into a cXML and an
/// OCI session, transferred at the quoted prices (PunchOutOrderMessage validated against the cXML DTD with xmllint), and
/// an OrderRequest that references the quote priced from it.
/// </summary>
public sealed partial class PunchoutQuoteTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>, IAsyncLifetime
{
    private const string OciUser = "SAP-ACME-Q";
    private const string OciPassword = "acme-oci-quote-password";
    private const string Hook = "https://sap.acme.example/sap/bc/gui/sap/its/bbpstart/oci_hook";

    public async Task InitializeAsync()
    {
        await world.BuildAsync();
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", new
        {
            oci = new { username = OciUser, password = OciPassword, allowedHookUrls = new[] { "https://sap.acme.example/sap/bc/" } },
            defaultBuyerEmail = "buyer@acme.example",
        }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Stores a sent quote (version 1) for an account, as the sales desk's send would leave it.</summary>
    private async Task<string> SeedQuoteAsync(Guid customer, Guid? requester, string status = QuoteStatuses.Offered, TimeSpan? validFor = null,
        params (string Sku, decimal Quantity, decimal Price)[] lines)
    {
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = DateTimeOffset.UtcNow;
        var number = "QT-9" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var validUntil = now + (validFor ?? TimeSpan.FromDays(10));
        var offer = lines.Select((l, i) => new QuoteOfferLine
        {
            Position = i + 1, Sku = l.Sku, Description = l.Sku, Unit = "EA", Quantity = l.Quantity, UnitPrice = l.Price, ListPrice = l.Price * 2,
            Saving = l.Price, LineSaving = l.Price * l.Quantity, SavingPercent = 50, LineTotal = Math.Round(l.Price * l.Quantity, 2),
        }).ToList();
        var quote = new Quote
        {
            CustomerId = customer, Number = number, Status = status, RequesterId = requester, Currency = "EUR", LatestVersion = 1, ValidUntil = validUntil,
            Total = offer.Sum(l => l.LineTotal), CreatedAt = now, UpdatedAt = now,
        };
        db.Add(quote);
        db.Add(new QuoteVersion
        {
            CustomerId = customer, QuoteId = quote.Id, Number = 1, Currency = "EUR", Lines = offer, Total = quote.Total.Value, ListTotal = quote.Total.Value * 2,
            Saving = quote.Total.Value, ValidUntil = validUntil, SentBy = "sales-test", SentAt = now,
        });
        await db.SaveChangesAsync();
        return number;
    }

    private async Task<Guid> BuyerIdAsync()
    {
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Users.IgnoreQueryFilters().Where(u => u.Email == "buyer@acme.example").Select(u => u.Id).SingleAsync();
    }

    private async Task<HttpClient> CxmlSessionAsync()
    {
        var (_, setup) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup());
        Assert.Equal(200, setup.Response!.Status.Code);
        return await world.EnterAsync(Assert.IsType<PunchOutSetupResponse>(setup.Response.Body).StartPageUrl);
    }

    private static async Task<HttpResponseMessage> LoadAsync(HttpClient browser, string number) =>
        await PunchoutWorld.PostFormAsync(browser, "/punchout/session/quote", ("formToken", await PunchoutWorld.FormTokenAsync(browser)), ("quote", number));

    private async Task<JsonElement> OrderAsync(string po)
    {
        var list = await HttpAssert.OkJsonAsync(await world.AcmeBuyer.GetAsync($"/api/v1/orders?q={po}"));
        var summary = Assert.Single(list.GetProperty("items").EnumerateArray(), o => o.GetProperty("customerReference").GetString() == po);
        return await HttpAssert.OkJsonAsync(await world.AcmeBuyer.GetAsync($"/api/v1/orders/{summary.GetProperty("id").GetGuid()}"));
    }

    [Fact]
    public async Task An_offered_quote_goes_into_a_cxml_session_back_at_its_prices_and_the_order_request_is_priced_from_it()
    {
        var browser = await CxmlSessionAsync();
        var number = await SeedQuoteAsync(world.Acme, await BuyerIdAsync(), lines: [("FAS-1001", 10m, 1.11m), ("TOL-1002", 2m, 7.77m)]);
        // Something in the cart first: loading the quote replaces it.
        await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", await PunchoutWorld.FormTokenAsync(browser)), ("sku", "SAF-1001"), ("quantity", "1"));
        var loaded = await LoadAsync(browser, number.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.SeeOther, loaded.StatusCode);

        var cart = await browser.GetStringAsync("/punchout/session/cart");
        Assert.Contains($"Quote {number}, version 1", cart);
        Assert.DoesNotContain("SAF-1001", cart);
        Assert.Contains("id=\"cart-total\"><strong>26.64 EUR", cart.Replace("&#xA0;", " ").Replace("\u00a0", " "));

        // The quoted lines and quantities are fixed: adding or changing is refused, the cart stays the quote.
        var add = await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", await PunchoutWorld.FormTokenAsync(browser)), ("sku", "SAF-1001"), ("quantity", "1"));
        Assert.Equal(HttpStatusCode.Conflict, add.StatusCode);

        using (var scope = world.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var quoteId = await db.Set<Quote>().IgnoreQueryFilters().Where(q => q.Number == number).Select(q => q.Id).SingleAsync();
            var step = Assert.Single(await db.Set<QuoteHistoryEntry>().IgnoreQueryFilters().Where(h => h.QuoteId == quoteId && h.Action == "punchout").ToListAsync());
            Assert.Equal(1, step.QuoteVersion);
            Assert.Equal(QuoteStatuses.Offered, step.To);
            Assert.StartsWith("Brought into punchout session", step.Comment);
        }

        var (_, xml, _) = await PunchoutWorld.TransferAsync(browser);
        Assert.Empty(CxmlDtdValidator.Validate(xml));
        Assert.Contains("quoteStatus=\"final\"", xml);
        var message = CxmlReader.Read(xml).Message!;
        Assert.Equal("final", message.QuoteStatus);
        Assert.Equal(26.64m, message.Total.Amount);
        Assert.Equal(["FAS-1001", "TOL-1002"], message.Items.Select(i => i.ItemId.SupplierPartId));
        Assert.Equal([$"{number}/v1/1", $"{number}/v1/2"], message.Items.Select(i => i.ItemId.SupplierPartAuxiliaryId));
        Assert.Equal([1.11m, 7.77m], message.Items.Select(i => i.Detail.UnitPrice.Amount));
        Assert.Equal([10m, 2m], message.Items.Select(i => i.Quantity));
        // Today's price is not the quote's: the order below is priced from the quote, not from today's conditions.
        Assert.NotEqual(1.11m, (await world.PriceForAcmeAsync("FAS-1001", 10m)).GetProperty("unitPrice").GetDecimal());

        // The buyer system opens the transferred cart again (edit), before ordering: it is the quote again, at the quoted prices.
        var items = string.Concat(message.Items.Select(i =>
            $"<ItemOut quantity=\"{i.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"><ItemID><SupplierPartID>{i.ItemId.SupplierPartId}</SupplierPartID><SupplierPartAuxiliaryID>{i.ItemId.SupplierPartAuxiliaryId}</SupplierPartAuxiliaryID></ItemID></ItemOut>"));
        var (_, edit) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup(operation: "edit", items: items));
        var again = await world.EnterAsync(Assert.IsType<PunchOutSetupResponse>(edit.Response!.Body).StartPageUrl);
        Assert.Contains($"Quote {number}, version 1", await again.GetStringAsync("/punchout/session/cart"));
        var (_, xmlAgain, _) = await PunchoutWorld.TransferAsync(again);
        Assert.Empty(CxmlDtdValidator.Validate(xmlAgain));
        var messageAgain = CxmlReader.Read(xmlAgain).Message!;
        Assert.Equal("final", messageAgain.QuoteStatus);
        Assert.Equal([1.11m, 7.77m], messageAgain.Items.Select(i => i.Detail.UnitPrice.Amount));

        var po = "PO-Q-" + Guid.NewGuid().ToString("N")[..8];
        var (http, answer) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest(po,
        [
            ("FAS-1001", message.Items[0].ItemId.SupplierPartAuxiliaryId, 10m, 1.11m, "CC-1010"),   // as quoted
            ("TOL-1002", message.Items[1].ItemId.SupplierPartAuxiliaryId, 2m, 8.00m, "CC-1010"),    // the buyer changed the price
        ]));
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        var order = await OrderAsync(po);
        var orderLines = order.GetProperty("lines").EnumerateArray().ToList();
        Assert.All(orderLines, l => Assert.Equal("quote", l.GetProperty("priceSource").GetString()));
        Assert.All(orderLines, l => Assert.Equal($"{number}/v1", l.GetProperty("conditionId").GetString()));
        Assert.Equal(1.11m, orderLines[0].GetProperty("unitPrice").GetDecimal());
        var mismatch = Assert.Single(order.GetProperty("priceMismatches").EnumerateArray());
        Assert.Equal("differs-from-quote", mismatch.GetProperty("reason").GetString());
        Assert.Equal("TOL-1002", mismatch.GetProperty("sku").GetString());
        Assert.Equal(7.77m, mismatch.GetProperty("quotedUnitPrice").GetDecimal());
        Assert.Equal(8.00m, mismatch.GetProperty("orderedUnitPrice").GetDecimal());

        // The purchase order accepted the quote: it is accepted with this order, and the API's accept is a second acceptance.
        Guid acceptedQuote;
        using (var scope = world.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var quote = await db.Set<Quote>().IgnoreQueryFilters().SingleAsync(q => q.Number == number);
            Assert.Equal(QuoteStatuses.Accepted, quote.Status);
            Assert.Equal(1, quote.AcceptedVersion);
            Assert.Equal(order.GetProperty("id").GetGuid(), quote.OrderId);
            Assert.Single(await db.Set<QuoteHistoryEntry>().IgnoreQueryFilters().Where(h => h.QuoteId == quote.Id && h.Action == "accepted").ToListAsync());
            acceptedQuote = quote.Id;
        }
        using var second = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/quotes/{acceptedQuote}/accept") { Content = JsonContent.Create(new { }) };
        second.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await HttpAssert.ProblemAsync(await world.AcmeBuyer.SendAsync(second), HttpStatusCode.Conflict, "urn:portal:problem:conflict");

    }

    [Fact]
    public async Task Only_an_offered_valid_quote_of_the_sessions_account_can_be_loaded()
    {
        var browser = await CxmlSessionAsync();
        var buyer = await BuyerIdAsync();
        var otherAccount = await SeedQuoteAsync(world.Nordwind, null, lines: [("FAS-1001", 1m, 1m)]);
        var expired = await SeedQuoteAsync(world.Acme, buyer, validFor: TimeSpan.FromSeconds(-5), lines: [("FAS-1001", 1m, 1m)]);
        var withdrawn = await SeedQuoteAsync(world.Acme, buyer, status: QuoteStatuses.Withdrawn, lines: [("FAS-1001", 1m, 1m)]);
        var requested = await SeedQuoteAsync(world.Acme, buyer, status: QuoteStatuses.InProgress, lines: [("FAS-1001", 1m, 1m)]);

        var foreign = await LoadAsync(browser, otherAccount);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("Nordwind", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await LoadAsync(browser, "QT-00000000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await LoadAsync(browser, "")).StatusCode);
        var late = await LoadAsync(browser, expired);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("expired", await late.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await LoadAsync(browser, withdrawn)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await LoadAsync(browser, requested)).StatusCode);
        // Without the form token nothing happens.
        var forged = await PunchoutWorld.PostFormAsync(browser, "/punchout/session/quote", ("formToken", "forged"), ("quote", expired));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.DoesNotContain("QT-9", await browser.GetStringAsync("/punchout/session/cart"));
    }

    [Fact]
    public async Task An_order_request_referencing_an_expired_or_foreign_quote_falls_back_to_todays_price_rules()
    {
        var buyer = await BuyerIdAsync();
        var expired = await SeedQuoteAsync(world.Acme, buyer, validFor: TimeSpan.FromSeconds(-5), lines: [("FAS-1001", 10m, 1.11m)]);
        var foreign = await SeedQuoteAsync(world.Nordwind, null, lines: [("FAS-1001", 10m, 1.11m)]);
        var today = (await world.PriceForAcmeAsync("FAS-1001", 10m)).GetProperty("unitPrice").GetDecimal();
        var po = "PO-QX-" + Guid.NewGuid().ToString("N")[..8];
        var (http, answer) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest(po,
        [
            ("FAS-1001", $"{expired}/v1/1", 10m, 1.11m, "CC-1010"),
            ("FAS-1001", $"{foreign}/v1/1", 10m, 1.11m, "CC-1010"),
        ]));
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        var order = await OrderAsync(po);
        Assert.All(order.GetProperty("lines").EnumerateArray(), l => Assert.Equal("purchase-order", l.GetProperty("priceSource").GetString()));
        var mismatches = order.GetProperty("priceMismatches").EnumerateArray().ToList();
        Assert.Equal(2, mismatches.Count);
        Assert.All(mismatches, m =>
        {
            Assert.Equal("not-quoted", m.GetProperty("reason").GetString());
            Assert.Equal(today, m.GetProperty("currentUnitPrice").GetDecimal());
        });
    }

    [Fact]
    public async Task An_oci_session_transfers_a_quote_with_its_number_in_ext_quote_id()
    {
        var number = await SeedQuoteAsync(world.Acme, await BuyerIdAsync(), lines: [("FAS-1001", 10m, 1.11m), ("TOL-1002", 2m, 7.77m)]);
        var browser = world.Browser();
        var call = "/punchout/oci?" + string.Join("&", new[] { ("USERNAME", OciUser), ("PASSWORD", OciPassword), ("HOOK_URL", Hook + "?sap-client=100"), ("OCI_VERSION", "4.0"), ("~TARGET", "_top") }
            .Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
        var entry = await browser.GetAsync(call);
        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        await browser.GetAsync(new Uri(entry.Headers.Location!.OriginalString).PathAndQuery);
        Assert.Equal(HttpStatusCode.SeeOther, (await LoadAsync(browser, number)).StatusCode);

        var transfer = await PunchoutWorld.PostFormAsync(browser, "/punchout/session/transfer", ("formToken", await PunchoutWorld.FormTokenAsync(browser)));
        var html = await transfer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal(number, fields["NEW_ITEM-EXT_QUOTE_ID[1]"]);
        Assert.Equal(number, fields["NEW_ITEM-EXT_QUOTE_ID[2]"]);
        Assert.Equal("1", fields["NEW_ITEM-EXT_QUOTE_ITEM[1]"]);
        Assert.Equal("2", fields["NEW_ITEM-EXT_QUOTE_ITEM[2]"]);
        Assert.Equal("1.11", fields["NEW_ITEM-PRICE[1]"]);
        Assert.Equal("7.77", fields["NEW_ITEM-PRICE[2]"]);
        Assert.Equal("10", fields["NEW_ITEM-QUANTITY[1]"]);
        Assert.Equal("FAS-1001", fields["NEW_ITEM-VENDORMAT[1]"]);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
