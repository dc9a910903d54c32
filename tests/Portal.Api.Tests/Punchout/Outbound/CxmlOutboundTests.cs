using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure;
using Portal.Api.Features.Webhooks;
using Portal.Api.Tests.Infrastructure;
using Portal.Punchout.Outbound;
using Portal.Punchout.Tests;
using Portal.Punchout.Tests.Outbound;

namespace Portal.Api.Tests.Punchout.Outbound;

/// <summary>The punchout world with private networks allowed (the buyer's endpoint listens on loopback), short retries and an invoice-signing certificate.</summary>
public sealed class CxmlOutboundWorld : IAsyncLifetime
{
    public PunchoutWorld Api { get; } = new();
    public CxmlReceiver Receiver { get; private set; } = null!;
    public X509Certificate2 Certificate { get; } = OutboundSamples.Certificate();
    private readonly string _pem = Path.Combine(Path.GetTempPath(), $"portal-invoice-signing-{Guid.NewGuid():N}.pem");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_pem, Certificate.ExportCertificatePem() + "\n" + Certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        Api.With("Portal:Outbound:AllowPrivateNetworks", "true")
            .With("Portal:Outbox:PollInterval", "00:00:00.200")
            .With("Portal:Punchout:Outbound:RetrySchedule", "300ms,300ms,300ms")
            .With("Portal:Punchout:InvoiceSigning:CertificatePath", _pem);
        Receiver = await CxmlReceiver.StartAsync();
        await Api.BuildAsync();
    }

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Api.DisposeAsync();
        Certificate.Dispose();
        File.Delete(_pem);
    }

    public Task<HttpResponseMessage> ConfigureAsync(string url, bool sign = true) => Api.Admin.PutAsJsonAsync($"/api/v1/customers/{Api.Acme}/punchout", new
    {
        cxml = new
        {
            credentials = new[] { new { domain = "NetworkID", identity = PunchoutWorld.AcmeIdentity } },
            allowedReturnUrls = new[] { "http://127.0.0.1:9/buyer" },
            autoCreateUsers = true,
            outboundUrl = url,
            outboundSharedSecret = "supplier-secret-at-acme",
            signInvoices = sign,
        },
    });

    /// <summary>Places an Acme order by cXML; returns its id.</summary>
    public async Task<Guid> PlaceAsync(string poNumber)
    {
        var (http, answer) = await Api.PostCxmlAsync(PunchoutWorld.OrderRequest(poNumber, [("FAS-1001", null, 4m, 1.5m, "CC-1010"), ("FAS-1001", null, 2m, 1.5m, "CC-1010")]));
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        var list = await HttpAssert.OkJsonAsync(await Api.AcmeBuyer.GetAsync($"/api/v1/orders?q={poNumber}"));
        return Assert.Single(list.GetProperty("items").EnumerateArray(), o => o.GetProperty("customerReference").GetString() == poNumber).GetProperty("id").GetGuid();
    }
}

public sealed class CxmlOutboundTests(CxmlOutboundWorld world) : IClassFixture<CxmlOutboundWorld>
{
    [Fact]
    public async Task A_cxml_order_confirmed_shipped_and_invoiced_sends_three_valid_documents_retried_after_503_with_a_signed_invoice()
    {
        await HttpAssert.OkJsonAsync(await world.ConfigureAsync(world.Receiver.BaseUrl + "/cxml?tenant=acme&x=1"));
        var settings = await HttpAssert.OkJsonAsync(await world.Api.Admin.GetAsync($"/api/v1/customers/{world.Api.Acme}/punchout"));
        Assert.Equal(world.Receiver.BaseUrl + "/cxml?tenant=acme&x=1", settings.GetProperty("cxml").GetProperty("outboundUrl").GetString());
        Assert.True(settings.GetProperty("cxml").GetProperty("outboundSharedSecretSet").GetBoolean());
        Assert.DoesNotContain("supplier-secret-at-acme", settings.GetRawText());

        var orderId = await world.PlaceAsync("PO-OUT-1");
        var admin = world.Api.Admin;
        await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "confirmed" }));
        await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "shipped", carrier = "DHL", trackingNumber = "JD014600003" }));

        // Invoice rules: more than ordered is refused, the same number and content answers again, other content is a 409.
        var tooMuch = await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/invoices", new { number = "INV-OUT-0", date = "2026-12-05", lines = new[] { new { lineNumber = 1, quantity = 5m } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Equal("application/problem+json", tooMuch.Content.Headers.ContentType?.MediaType);
        var body = new { number = "INV-OUT-1", date = "2026-12-05", shipping = 4.95m, tax = 2.19m };
        var created = await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/invoices", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var invoice = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(9.00m, invoice.GetProperty("subtotal").GetDecimal());
        Assert.Equal(16.14m, invoice.GetProperty("total").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/invoices", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/invoices", body with { tax = 3m })).StatusCode);
        var nothingLeft = await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/invoices", new { number = "INV-OUT-2", date = "2026-12-05" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothingLeft.StatusCode);

        var received = await world.Receiver.WaitAsync(all => all.Count(r => r.Path == "cxml" && r.AnsweredWith == 200) >= 3);
        var delivered = received.Where(r => r.Path == "cxml" && r.AnsweredWith == 200).ToList();
        Assert.Equal(["ConfirmationRequest", "ShipNoticeRequest", "InvoiceDetailRequest"], delivered.Select(r => r.RequestName));
        foreach (var document in delivered)
        {
            Assert.Equal("?tenant=acme&x=1", document.Query);
            Assert.Contains(received, r => r.PayloadId == document.PayloadId && r.AnsweredWith == 503); // the same document, retried
            var dtd = document.RequestName == "InvoiceDetailRequest" ? OutboundSamples.DtdFor(OutboundSamples.Invoice()) : OutboundSamples.DtdFor(OutboundSamples.ShipNotice());
            Assert.Empty(CxmlDtdValidator.Validate(document.Body, dtd));
            Assert.Contains("<SharedSecret>supplier-secret-at-acme</SharedSecret>", document.Body);
            Assert.Contains("orderID=\"PO-OUT-1\"", document.Body);
            Assert.Contains("orderDate=\"2026-11-30T18:00:00+00:00\"", document.Body);
        }
        var confirmation = delivered[0].Xml.Descendants("ConfirmationHeader").Single();
        Assert.Equal("accept", (string)confirmation.Attribute("type")!);
        Assert.Equal("JD014600003", delivered[1].Xml.Descendants("ShipmentIdentifier").Single().Value);
        Assert.Equal("DHL", delivered[1].Xml.Descendants("CarrierIdentifier").Single().Value);
        Assert.Equal(AcmeTo, (string)delivered[0].Xml.Root!.Element("Header")!.Element("To")!.Element("Credential")!.Element("Identity")!);

        var signed = delivered[2].Body;
        var (exit, output) = OutboundSamples.Xmlsec1Verify(signed, world.Certificate);
        Assert.True(exit == 0, output);
        Assert.True(CxmlSignature.Verify(signed, world.Certificate));
        Assert.Equal("16.14", delivered[2].Xml.Descendants("DueAmount").Single().Value);

        var order = await WaitForStatesAsync(orderId, 3);
        var documents = order.GetProperty("cxmlDocuments").EnumerateArray().ToList();
        Assert.Equal(["confirmation", "ship-notice", "invoice"], documents.Select(d => d.GetProperty("type").GetString()));
        Assert.All(documents, d =>
        {
            Assert.Equal("delivered", d.GetProperty("state").GetString());
            Assert.Equal(2, d.GetProperty("attempts").GetInt32());
            Assert.Equal(200, d.GetProperty("lastHttpStatus").GetInt32());
            Assert.Equal(200, d.GetProperty("lastCxmlStatus").GetInt32());
        });
        Assert.Equal("INV-OUT-1", Assert.Single(order.GetProperty("invoices").EnumerateArray()).GetProperty("number").GetString());

        // The stored copies never hold the shared secret (it is added when sent) and the account holds it protected.
        using var scope = world.Api.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Portal.Api.Infrastructure.Tenancy.TenantScope>().AcrossAccounts();
        var db = scope.ServiceProvider.GetRequiredService<Portal.Api.Infrastructure.Data.PortalDbContext>();
        Assert.DoesNotContain(await db.OrderCxmlDocuments.Where(d => d.OrderId == orderId).Select(d => d.Body).ToListAsync(), b => b.Contains("supplier-secret-at-acme"));
        Assert.DoesNotContain("supplier-secret-at-acme", (await db.PunchoutAccounts.SingleAsync(a => a.CustomerId == world.Api.Acme)).CxmlOutboundSecretProtected);
    }

    private const string AcmeTo = PunchoutWorld.AcmeIdentity;

    [Fact]
    public async Task A_4xx_answer_is_final_and_orders_from_other_channels_send_nothing()
    {
        await HttpAssert.OkJsonAsync(await world.ConfigureAsync(world.Receiver.BaseUrl + "/refuse", sign: false));
        var orderId = await world.PlaceAsync("PO-OUT-REFUSED");
        await HttpAssert.OkJsonAsync(await world.Api.Admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "cancelled", reason = "Discontinued" }));
        var order = await WaitForStatesAsync(orderId, 1, "failed");
        var document = Assert.Single(order.GetProperty("cxmlDocuments").EnumerateArray());
        Assert.Equal("reject", document.GetProperty("subtype").GetString());
        Assert.Equal(1, document.GetProperty("attempts").GetInt32());
        Assert.Equal(400, document.GetProperty("lastHttpStatus").GetInt32());
        var sent = Assert.Single(world.Receiver.Requests, r => r.Path == "refuse");
        Assert.Empty(CxmlDtdValidator.Validate(sent.Body, OutboundSamples.DtdFor(OutboundSamples.ShipNotice())));
        Assert.Contains("Discontinued", sent.Body);
    }

    [Fact]
    public async Task A_confirmation_with_changed_lines_is_a_detail_confirmation()
    {
        await HttpAssert.OkJsonAsync(await world.ConfigureAsync(world.Receiver.BaseUrl + "/cxml", sign: false));
        var orderId = await world.PlaceAsync("PO-OUT-DETAIL");
        var tooMany = await world.Api.Admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "confirmed", lines = new[] { new { lineNumber = 1, quantity = 9m } } });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        // Nothing confirmed is a rejection, not a confirmation (and no ship notice of nothing can follow).
        var nothing = await world.Api.Admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new
        {
            status = "confirmed", lines = new[] { new { lineNumber = 1, quantity = 0m }, new { lineNumber = 2, quantity = 0m } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("reject the order instead", await nothing.Content.ReadAsStringAsync());
        await HttpAssert.OkJsonAsync(await world.Api.Admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new
        {
            status = "confirmed", lines = new object[] { new { lineNumber = 1, quantity = 3m, deliveryDate = "2026-12-20" } },
        }));
        var order = await WaitForStatesAsync(orderId, 1);
        var document = Assert.Single(order.GetProperty("cxmlDocuments").EnumerateArray());
        Assert.Equal("detail", document.GetProperty("subtype").GetString());
        var sent = world.Receiver.Requests.Last(r => r.PayloadId == document.GetProperty("payloadId").GetString());
        Assert.Empty(CxmlDtdValidator.Validate(sent.Body, OutboundSamples.DtdFor(OutboundSamples.ShipNotice())));
        var first = sent.Xml.Descendants("ConfirmationItem").First();
        Assert.Equal(["detail", "reject"], first.Elements("ConfirmationStatus").Select(e => (string)e.Attribute("type")!));
        Assert.Equal("2026-12-20T00:00:00+00:00", (string)first.Element("ConfirmationStatus")!.Attribute("deliveryDate")!);
        Assert.Equal("accept", (string)sent.Xml.Descendants("ConfirmationItem").Last().Element("ConfirmationStatus")!.Attribute("type")!);
    }

    [Fact]
    public async Task The_documents_sent_back_name_lines_by_the_purchase_orders_line_numbers_and_units()
    {
        // SAP-based buyers number purchase order lines 10, 20, 30: the confirmation, ship notice and invoice must name
        // those numbers (the buyer system matches its PO lines by them), while the API names lines by position.
        await HttpAssert.OkJsonAsync(await world.ConfigureAsync(world.Receiver.BaseUrl + "/sap", sign: false)); // answered as /cxml is, kept apart from its tests
        var document = PunchoutWorld.OrderRequest("PO-OUT-SAP", [("FAS-1001", null, 4m, 1.5m, "CC-1010"), ("FAS-1002", null, 2m, 2m, "CC-1010")])
            .Replace("lineNumber=\"1\"", "lineNumber=\"10\"", StringComparison.Ordinal).Replace("lineNumber=\"2\"", "lineNumber=\"20\"", StringComparison.Ordinal);
        var (http, answer) = await world.Api.PostCxmlAsync(document);
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        var list = await HttpAssert.OkJsonAsync(await world.Api.AcmeBuyer.GetAsync("/api/v1/orders?q=PO-OUT-SAP"));
        var orderId = Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();
        var placed = await HttpAssert.OkJsonAsync(await world.Api.Admin.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal([(1, 10), (2, 20)], placed.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("position").GetInt32(), l.GetProperty("buyerLineNumber").GetInt32())));
        // The purchase order names the unit EA for products sold in boxes (BX): the line keeps both, the documents repeat the buyer's.
        Assert.All(placed.GetProperty("lines").EnumerateArray(), l => Assert.Equal(("BX", "EA"), (l.GetProperty("unit").GetString(), l.GetProperty("buyerUnit").GetString())));

        var admin = world.Api.Admin;
        await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new
        {
            status = "confirmed", lines = new object[] { new { lineNumber = 1, quantity = 3m } },
        }));
        await HttpAssert.OkJsonAsync(await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "shipped", carrier = "DHL", trackingNumber = "JD1" }));
        var invoice = await admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/invoices", new { number = "INV-OUT-SAP", date = "2026-12-05", lines = new[] { new { lineNumber = 2, quantity = 2m } } });
        Assert.Equal(HttpStatusCode.Created, invoice.StatusCode);

        var order = await WaitForStatesAsync(orderId, 3);
        var payloads = order.GetProperty("cxmlDocuments").EnumerateArray().Select(d => d.GetProperty("payloadId").GetString()).ToList();
        var sent = payloads.Select(p => world.Receiver.Requests.Last(r => r.PayloadId == p)).ToList();
        Assert.Equal(["ConfirmationRequest", "ShipNoticeRequest", "InvoiceDetailRequest"], sent.Select(r => r.RequestName));
        Assert.All(sent, r => Assert.Empty(CxmlDtdValidator.Validate(r.Body, OutboundSamples.DtdFor(r.RequestName == "InvoiceDetailRequest" ? OutboundSamples.Invoice() : OutboundSamples.ShipNotice()))));
        var confirmed = sent[0].Xml.Descendants("ConfirmationItem").ToList();
        Assert.Equal(["10", "20"], confirmed.Select(i => (string)i.Attribute("lineNumber")!));
        Assert.Equal("3", (string)confirmed[0].Element("ConfirmationStatus")!.Attribute("quantity")!);
        // The shipment carries what was confirmed: 3 of the 4 ordered on line 10.
        Assert.Equal([("10", "3"), ("20", "2")], sent[1].Xml.Descendants("ShipNoticeItem").Select(i => ((string)i.Attribute("lineNumber")!, (string)i.Attribute("quantity")!)));
        var invoiced = Assert.Single(sent[2].Xml.Descendants("InvoiceDetailItem"));
        Assert.Equal("20", (string)invoiced.Element("InvoiceDetailItemReference")!.Attribute("lineNumber")!);
        Assert.Equal("FAS-1002", invoiced.Descendants("SupplierPartID").Single().Value);
        Assert.All(sent.SelectMany(r => r.Xml.Descendants("UnitOfMeasure")), u => Assert.Equal("EA", u.Value));
    }

    [Fact]
    public async Task After_a_change_order_the_documents_answer_its_version()
    {
        await HttpAssert.OkJsonAsync(await world.ConfigureAsync(world.Receiver.BaseUrl + "/change", sign: false)); // answered as /cxml is
        var orderId = await world.PlaceAsync("PO-OUT-CHANGE");
        var changePayload = Guid.NewGuid().ToString("N") + "@coupahost.com";
        var change = PunchoutWorld.OrderRequest("PO-OUT-CHANGE", [("FAS-1001", null, 7m, 1.5m, "CC-1010")], type: "update", version: 2, payloadId: changePayload)
            .Replace("orderDate=\"2026-11-30T19:00:00+01:00\"", "orderDate=\"2026-12-01T09:30:00+01:00\"", StringComparison.Ordinal);
        var (http, answer) = await world.Api.PostCxmlAsync(change);
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        await HttpAssert.OkJsonAsync(await world.Api.Admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "confirmed" }));

        var order = await WaitForStatesAsync(orderId, 1);
        var sent = world.Receiver.Requests.Last(r => r.PayloadId == order.GetProperty("cxmlDocuments")[0].GetProperty("payloadId").GetString());
        Assert.Empty(CxmlDtdValidator.Validate(sent.Body, OutboundSamples.DtdFor(OutboundSamples.ShipNotice())));
        var reference = sent.Xml.Descendants("OrderReference").Single();
        Assert.Equal("2026-12-01T08:30:00+00:00", (string)reference.Attribute("orderDate")!);
        Assert.Equal(changePayload, (string)reference.Element("DocumentReference")!.Attribute("payloadID")!);
        Assert.Equal("10.50", sent.Xml.Descendants("Total").Single().Value.Trim());
    }

    [Fact]
    public async Task A_purchase_order_that_numbers_two_lines_alike_is_refused_and_places_nothing()
    {
        var document = PunchoutWorld.OrderRequest("PO-OUT-TWICE", [("FAS-1001", null, 4m, 1.5m, "CC-1010"), ("FAS-1002", null, 2m, 2m, "CC-1010")])
            .Replace("lineNumber=\"2\"", "lineNumber=\"1\"", StringComparison.Ordinal);
        var (http, answer) = await world.Api.PostCxmlAsync(document);
        Assert.Equal(HttpStatusCode.BadRequest, http);
        Assert.Equal(400, answer.Response!.Status.Code);
        Assert.Contains("lineNumber 1 is used by 2 lines", answer.Response.Status.Text + answer.Response.Status.Message);
        var list = await HttpAssert.OkJsonAsync(await world.Api.AcmeBuyer.GetAsync("/api/v1/orders?q=PO-OUT-TWICE"));
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_outbound_url_follows_the_webhook_rules_and_the_default_retries_start_within_a_minute()
    {
        var refused = await world.ConfigureAsync("http://169.254.169.254/latest/meta-data");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("url-not-allowed", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await world.ConfigureAsync("ftp://buyer.example/cxml")).StatusCode);
        var delays = RetrySchedule.Parse(new CxmlOutboundOptions().RetrySchedule);
        Assert.True(delays[0] < TimeSpan.FromMinutes(1));
        Assert.True(delays[^1] >= TimeSpan.FromHours(2));
    }

    private async Task<JsonElement> WaitForStatesAsync(Guid orderId, int count, string state = "delivered")
    {
        for (var i = 0; ; i++)
        {
            var order = await HttpAssert.OkJsonAsync(await world.Api.Admin.GetAsync($"/api/v1/orders/{orderId}"));
            var documents = order.GetProperty("cxmlDocuments").EnumerateArray().ToList();
            if ((documents.Count == count && documents.All(d => d.GetProperty("state").GetString() == state)) || i > 150)
            {
                return order;
            }
            await Task.Delay(200);
        }
    }
}
