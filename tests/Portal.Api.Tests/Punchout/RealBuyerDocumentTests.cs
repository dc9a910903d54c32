using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;
using Portal.Punchout.Cxml;
using Portal.Punchout.Tests;

namespace Portal.Api.Tests.Punchout;

/// <summary>
/// Documents as SAP Ariba, Coupa, Jaggaer and Oracle send them (BuyerDocuments/README.md names each source), posted
/// over real HTTP against PostgreSQL: as single documents, as multipart/related with attachments, in legacy encodings.
/// </summary>
public sealed class RealBuyerDocumentTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>, IAsyncLifetime
{
    private static readonly byte[] Drawing = "%PDF-1.4 drawing 4711"u8.ToArray();
    private static readonly byte[] Spec = "%PDF-1.4 spec of the washer"u8.ToArray();

    public async Task InitializeAsync()
    {
        await world.BuildAsync();
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", new { defaultBuyerEmail = "default.buyer@acme.example" }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static byte[] Fixture(string name, string order = "", Encoding? encoding = null)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Punchout", "BuyerDocuments", name));
        encoding ??= Encoding.UTF8;
        var text = encoding.GetString(bytes)
            .Replace("{{DOMAIN}}", "NetworkID", StringComparison.Ordinal).Replace("{{IDENTITY}}", PunchoutWorld.AcmeIdentity, StringComparison.Ordinal)
            .Replace("{{SECRET}}", PunchoutWorld.AcmeSecret, StringComparison.Ordinal).Replace("{{PAYLOAD}}", $"{Guid.NewGuid():N}@buyer.example", StringComparison.Ordinal)
            .Replace("{{ORDER}}", order, StringComparison.Ordinal);
        return encoding.GetBytes(text);
    }

    private static Encoding Legacy(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }

    private async Task<(HttpStatusCode Http, CxmlDocument Answer)> PostAsync(HttpContent content)
    {
        using var client = world.CreateClient();
        var response = await client.PostAsync("/punchout/cxml", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Empty(CxmlDtdValidator.Validate(text));
        return (response.StatusCode, CxmlReader.Read(text));
    }

    private static ByteArrayContent Xml(byte[] bytes, string? charset = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = charset };
        return content;
    }

    private async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        using var scope = world.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private Task<Api.Features.Ordering.Order?> OrderAsync(string reference) =>
        QueryAsync(db => db.Orders.IgnoreQueryFilters().Include(o => o.Lines).FirstOrDefaultAsync(o => o.CustomerReference == reference));

    /// <summary>The Ariba order as multipart/related: an unreferenced part first, the cXML part named by start, base64 and binary attachments.</summary>
    private static MultipartContent AribaMultipart(string order, bool withSpec = true, int extraParts = 1)
    {
        var body = new MultipartContent("related", "----=_Part_4711_ariba");
        body.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"text/xml\""));
        body.Headers.ContentType.Parameters.Add(new NameValueHeaderValue("start", "\"<cxml-part@buyer.example>\""));
        for (var i = 0; i < extraParts; i++)
        {
            var unreferenced = new ByteArrayContent(Encoding.ASCII.GetBytes($"not referenced {i}"));
            unreferenced.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            unreferenced.Headers.Add("Content-ID", $"<extra-{i}@buyer.example>");
            body.Add(unreferenced);
        }
        var cxml = new ByteArrayContent(Fixture("ariba-order.xml", order));
        cxml.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "UTF-8" };
        cxml.Headers.Add("Content-ID", "<cxml-part@buyer.example>");
        body.Add(cxml);
        var drawing = new StringContent(Convert.ToBase64String(Drawing, Base64FormattingOptions.InsertLineBreaks));
        drawing.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        drawing.Headers.Add("Content-Transfer-Encoding", "base64");
        drawing.Headers.Add("Content-ID", "<drawing-4711@buyer.example>");
        drawing.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "\"drawing 4711.pdf\"" };
        body.Add(drawing);
        if (withSpec)
        {
            var spec = new ByteArrayContent(Spec);
            spec.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf; name=\"washer-spec.pdf\"");
            spec.Headers.Add("Content-ID", "<spec-2@buyer.example>");
            body.Add(spec);
        }
        return body;
    }

    [Fact]
    public async Task A_coupa_setup_request_with_a_ruby_date_timestamp_opens_a_session()
    {
        var (http, answer) = await PostAsync(Xml(Fixture("coupa-setup.xml")));
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        Assert.IsType<PunchOutSetupResponse>(answer.Response.Body);
        // The buyer became a requester named by FirstName/LastName (the Contact's Name is the e-mail address).
        var user = await QueryAsync(db => db.Users.IgnoreQueryFilters().FirstAsync(u => u.Email == "coupa.buyer@acme.example"));
        Assert.Equal("Mary Anne Krzeminski", user.Name);
    }

    [Fact]
    public async Task An_oracle_setup_request_in_iso_8859_1_with_a_cxml_1_1_doctype_opens_a_session()
    {
        var (_, answer) = await PostAsync(Xml(Fixture("oracle-setup.xml", encoding: Legacy("ISO-8859-1"))));
        Assert.Equal(200, answer.Response!.Status.Code);
        Assert.IsType<PunchOutSetupResponse>(answer.Response.Body);
    }

    [Fact]
    public async Task A_setup_request_with_a_selected_item_lands_on_that_products_page()
    {
        var (_, answer) = await PostAsync(Xml(Fixture("friendsofcxml-setup.xml")));
        var start = Assert.IsType<PunchOutSetupResponse>(answer.Response!.Body).StartPageUrl;
        using var browser = world.Browser();
        var landed = await browser.GetAsync(new Uri(start).PathAndQuery);
        Assert.Equal("/punchout/session/products/FAS-1002", landed.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_coupa_order_without_its_request_wrapper_is_placed_with_its_cost_center_and_comment()
    {
        var (http, answer) = await PostAsync(Xml(Fixture("coupa-order.xml", "COUPA-6112")));
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        var order = await OrderAsync("COUPA-6112");
        Assert.NotNull(order);
        Assert.Equal(2, order.Lines.Count);
        Assert.Equal("CC-1010", order.Lines.Single(l => l.Sku == "FAS-1001").CostCenterCode);
        Assert.Equal("Please call before delivery", order.Note);
    }

    [Fact]
    public async Task An_ariba_order_as_multipart_related_keeps_exactly_the_referenced_attachments()
    {
        using var body = AribaMultipart("ARIBA-MIME-1");
        var (http, answer) = await PostAsync(body);
        Assert.True(http == HttpStatusCode.OK, answer.Response!.Status.Message);
        var order = await OrderAsync("ARIBA-MIME-1");
        Assert.NotNull(order);
        Assert.Equal("Drawing attached.", order.Note); // the comment's text; the attachment is a document
        Assert.Contains("Building 7, Dock B", order.DeliveryAddress!.Department);
        var requester = await QueryAsync(db => db.Users.IgnoreQueryFilters().FirstAsync(u => u.Id == order.RequesterId));
        Assert.Equal("buyer@acme.example", requester.Email);
        var documents = await QueryAsync(db => db.OrderDocuments.IgnoreQueryFilters().Where(d => d.OrderId == order.Id).OrderBy(d => d.FileName).ToListAsync());
        Assert.Equal(["drawing 4711.pdf", "washer-spec.pdf"], documents.Select(d => d.FileName));
        Assert.All(documents, d => Assert.Equal("buyer-attachment", d.Kind));
        Assert.Equal(Drawing, documents[0].Content);
        Assert.Equal(Spec, documents[1].Content);

        // The documents are listed on the order in the API.
        var dto = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync($"/api/v1/orders/{order.Id}"));
        Assert.Equal(2, dto.GetProperty("documents").EnumerateArray().Count(d => d.GetProperty("kind").GetString() == "buyer-attachment"));
    }

    [Fact]
    public async Task An_order_that_refers_to_an_attachment_it_does_not_carry_is_refused_and_nothing_is_placed()
    {
        using var body = AribaMultipart("ARIBA-MIME-MISSING", withSpec: false);
        var (http, answer) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, http);
        Assert.Equal(400, answer.Response!.Status.Code);
        Assert.Contains("cid:spec-2@buyer.example", answer.Response.Status.Message);
        Assert.Null(await OrderAsync("ARIBA-MIME-MISSING"));

        // Sent as plain text/xml, the references point at nothing either.
        var (_, plain) = await PostAsync(Xml(Fixture("ariba-order.xml", "ARIBA-PLAIN")));
        Assert.Equal(400, plain.Response!.Status.Code);
    }

    [Fact]
    public async Task Too_many_parts_answer_406_and_nothing_is_placed()
    {
        using var body = AribaMultipart("ARIBA-MIME-MANY", extraParts: 25);
        var (http, answer) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.NotAcceptable, http);
        Assert.Equal(406, answer.Response!.Status.Code);
        Assert.Null(await OrderAsync("ARIBA-MIME-MANY"));
    }

    [Fact]
    public async Task A_jaggaer_order_in_windows_1252_without_a_buyer_email_goes_to_the_default_buyer_with_name_phone_and_cost_centers()
    {
        var (http, answer) = await PostAsync(Xml(Fixture("jaggaer-order.xml", "JAG-2026-1", Legacy("windows-1252"))));
        Assert.True(http == HttpStatusCode.OK, answer.Response!.Status.Message);
        var order = await OrderAsync("JAG-2026-1");
        Assert.NotNull(order);
        var requester = await QueryAsync(db => db.Users.IgnoreQueryFilters().FirstAsync(u => u.Id == order.RequesterId));
        Assert.Equal("default.buyer@acme.example", requester.Email);
        Assert.Contains("Wert unter 10 €", order.Note);
        Assert.Contains("Buyer: Jörg Müller", order.Note);
        Assert.Equal("Acme Labor Süd", order.DeliveryAddress!.Name);
        Assert.Equal("Königstraße 12", order.DeliveryAddress.Street);
        Assert.Equal("Attn. Jörg Müller, +49 711 555-0100", order.DeliveryAddress.Department);
        var costCenter = await QueryAsync(db => db.CostCenters.IgnoreQueryFilters().FirstAsync(c => c.CustomerId == world.Acme && c.Code == "CC-1010"));
        var first = order.Lines.Single(l => l.Sku == "FAS-1001");
        Assert.Equal(costCenter.Id, first.CostCenterId); // the header extrinsic, looked up by code
        Assert.Equal("CC-UNKNOWN-9", order.Lines.Single(l => l.Sku == "FAS-1002").CostCenterCode); // the line's own, kept as sent
    }

    [Fact]
    public async Task A_document_whose_charset_is_only_in_the_content_type_is_read_in_that_charset()
    {
        var xml = Encoding.UTF8.GetString(Fixture("coupa-order.xml", "COUPA-LATIN1"))
            .Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\"?>", StringComparison.Ordinal)
            .Replace("Please call before delivery", "Grüße aus Köln", StringComparison.Ordinal);
        var (_, answer) = await PostAsync(Xml(Legacy("ISO-8859-1").GetBytes(xml), "ISO-8859-1"));
        Assert.Equal(200, answer.Response!.Status.Code);
        Assert.Equal("Grüße aus Köln", (await OrderAsync("COUPA-LATIN1"))!.Note);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "FORM")]
    [InlineData("text/plain", "PLAIN")]
    [InlineData(null, "NONE")]
    public async Task Xml_sent_with_another_media_type_by_a_buyers_http_adapter_is_read_as_xml(string? mediaType, string suffix)
    {
        var content = new ByteArrayContent(Fixture("coupa-order.xml", "COUPA-MT-" + suffix));
        content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);
        var (_, answer) = await PostAsync(content);
        Assert.Equal(200, answer.Response!.Status.Code);
        Assert.NotNull(await OrderAsync("COUPA-MT-" + suffix));
    }

    [Fact]
    public async Task A_very_cheap_item_ordered_per_price_basis_quantity_as_it_was_sent_is_priced_per_unit_and_adds_up()
    {
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new
        {
            conditions = new object[] { new { id = "REAL-SUBCENT-1", kind = "customer", sku = "FAS-1003", customerId = world.Acme, currency = "EUR", price = 0.35m, priceUnit = 100m } },
        }));
        var (_, setup) = await world.PostCxmlAsync(PunchoutWorld.AribaSetup(cookie: "pbq-1"));
        var browser = await world.EnterAsync(Assert.IsType<PunchOutSetupResponse>(setup.Response!.Body).StartPageUrl);
        var token = await PunchoutWorld.FormTokenAsync(browser);
        await PunchoutWorld.PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1003"), ("quantity", "1000"));
        var cart = CxmlReader.Read((await PunchoutWorld.TransferAsync(browser)).Xml).Message!;
        var item = Assert.Single(cart.Items);
        Assert.Equal((0.35m, 100m), (item.Detail.UnitPrice.Amount, item.Detail.PriceBasisQuantity));
        Assert.Equal(3.50m, cart.Total.Amount);

        // The buyer system orders exactly what it got: 0.35 per 100, 1000 pieces, Total 3.50.
        var po = PunchoutWorld.OrderRequest("PBQ-1", [("FAS-1003", item.ItemId.SupplierPartAuxiliaryId, 1000m, 0.35m, "CC-1010")])
            .Replace("<UnitOfMeasure>EA</UnitOfMeasure>", "<UnitOfMeasure>EA</UnitOfMeasure><PriceBasisQuantity quantity=\"100\" conversionFactor=\"1\"><UnitOfMeasure>EA</UnitOfMeasure></PriceBasisQuantity>", StringComparison.Ordinal)
            .Replace("<Total><Money currency=\"EUR\">350.00</Money></Total>", "<Total><Money currency=\"EUR\">3.50</Money></Total>", StringComparison.Ordinal);
        Assert.Contains(">3.50</Money></Total>", po);
        var (_, answer) = await world.PostCxmlAsync(po);
        Assert.Equal(200, answer.Response!.Status.Code);
        var order = (await OrderAsync("PBQ-1"))!;
        var line = Assert.Single(order.Lines);
        Assert.Equal(0.0035m, line.UnitPrice);
        Assert.Equal(3.50m, line.LineTotal);
        Assert.Equal(3.50m, order.Total);
        Assert.Empty(order.PriceMismatches);
    }
}

