using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;
using Portal.Punchout.Cxml;

namespace Portal.Api.Tests.Punchout;

/// <summary>cXML inbound as buyer systems really send it, over real HTTP against PostgreSQL (issue #19 item 6).</summary>
public sealed class CxmlLenientInboundTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await world.BuildAsync();
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync($"/api/v1/customers/{world.Acme}/punchout", new { defaultBuyerEmail = "default.buyer@acme.example" }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        using var scope = world.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    [Fact]
    public async Task A_coupa_setup_with_a_unix_date_timestamp_and_no_email_opens_a_session_as_the_default_buyer()
    {
        var setup = PunchoutWorld.CoupaSetup()
            .Replace("timestamp=\"2026-11-30T18:15:00+0000\"", "timestamp=\"Mon May 19 18:29:48 +0000 2008\"", StringComparison.Ordinal);
        setup = Regex.Replace(setup, "<Contact role=\"endUser\">.*?</Contact>", string.Empty, RegexOptions.Singleline);
        var (http, answer) = await world.PostCxmlAsync(setup);
        Assert.Equal(HttpStatusCode.OK, http);
        Assert.Equal(200, answer.Response!.Status.Code);
        var session = await QueryAsync(db => db.PunchoutSessions.IgnoreQueryFilters().OrderByDescending(s => s.CreatedAt).FirstAsync(s => s.BuyerCookie == "coupa-cookie-7f"));
        var user = await QueryAsync(db => db.Users.IgnoreQueryFilters().FirstAsync(u => u.Id == session.UserId));
        Assert.Equal("default.buyer@acme.example", user.Email);
    }

    [Fact]
    public async Task A_selected_item_opens_that_products_page()
    {
        var setup = PunchoutWorld.AribaSetup(cookie: "level-2", items: "<SelectedItem><ItemID><SupplierPartID>FAS-1001</SupplierPartID></ItemID></SelectedItem>");
        var (_, answer) = await world.PostCxmlAsync(setup);
        var start = Assert.IsType<PunchOutSetupResponse>(answer.Response!.Body).StartPageUrl;
        using var browser = world.Browser();
        var landed = await browser.GetAsync(new Uri(start).PathAndQuery);
        Assert.Equal("/punchout/session/products/FAS-1001", landed.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_message_document_answers_450()
    {
        var message = """
            <?xml version="1.0"?><!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
            <cXML payloadID="msg-1@buyer" timestamp="2026-11-30T10:15:00Z"><Header><From/><To/><Sender/></Header>
            <Message><PunchOutOrderMessage><BuyerCookie>x</BuyerCookie><PunchOutOrderMessageHeader operationAllowed="edit"><Total><Money currency="EUR">0</Money></Total></PunchOutOrderMessageHeader></PunchOutOrderMessage></Message></cXML>
            """;
        var (_, answer) = await world.PostCxmlAsync(message);
        Assert.Equal(450, answer.Response!.Status.Code);
    }

    [Fact]
    public async Task A_resent_order_with_other_content_under_the_same_order_id_and_version_answers_409_and_changes_nothing()
    {
        var first = PunchoutWorld.OrderRequest("PO-LENIENT-409", [("FAS-1001", null, 2m, 1.5m, "CC-1010")]);
        var (_, placed) = await world.PostCxmlAsync(first);
        Assert.Equal(200, placed.Response!.Status.Code);
        // The same order re-sent with a new payloadID (after a timeout): 200, nothing changes.
        var (_, again) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-LENIENT-409", [("FAS-1001", null, 2m, 1.5m, "CC-1010")]));
        Assert.Equal(200, again.Response!.Status.Code);
        Assert.Contains("received before", again.Response.Status.Text + again.Response.Status.Message);
        // Same orderID and version, other content: 409, the change is not silently thrown away.
        var (http, changed) = await world.PostCxmlAsync(PunchoutWorld.OrderRequest("PO-LENIENT-409", [("FAS-1001", null, 5m, 1.5m, "CC-1010")]));
        Assert.Equal(HttpStatusCode.Conflict, http);
        Assert.Equal(409, changed.Response!.Status.Code);
        Assert.Contains("other content", changed.Response.Status.Message);
        var quantity = await QueryAsync(db => db.Orders.IgnoreQueryFilters().Where(o => o.CustomerReference == "PO-LENIENT-409").SelectMany(o => o.Lines).SumAsync(l => l.Quantity));
        Assert.Equal(2m, quantity);
    }

    [Fact]
    public async Task Header_delivery_date_cost_center_deliver_to_and_a_total_that_does_not_add_up_are_kept()
    {
        var xml = PunchoutWorld.OrderRequest("PO-LENIENT-HDR", [("FAS-1001", null, 2m, 1.5m, "CC-1010"), ("FAS-1002", null, 1m, 2m, "CC-1010")]);
        xml = Regex.Replace(xml, "<Distribution>.*?</Distribution>", string.Empty, RegexOptions.Singleline);
        xml = xml.Replace(" requestedDeliveryDate=\"2026-12-10\"", string.Empty, StringComparison.Ordinal)
            .Replace("orderVersion=\"1\">", "orderVersion=\"1\" requestedDeliveryDate=\"2026-12-24T00:00:00+01:00\">", StringComparison.Ordinal)
            .Replace("<Extrinsic name=\"Requisition\">REQ-77</Extrinsic>", "<Extrinsic name=\"Requisition\">REQ-77</Extrinsic><Extrinsic name=\"CostCenter\">CC-1010</Extrinsic>", StringComparison.Ordinal)
            .Replace("<DeliverTo>Receiving</DeliverTo>", "<DeliverTo>Receiving</DeliverTo><DeliverTo>Building 7</DeliverTo><DeliverTo>Jamie Doe</DeliverTo>", StringComparison.Ordinal)
            .Replace("<Total><Money currency=\"EUR\">5.0</Money></Total>", "<Total><Money currency=\"EUR\">6.00</Money></Total>", StringComparison.Ordinal);
        Assert.Contains("6.00", xml);
        var (_, answer) = await world.PostCxmlAsync(xml);
        Assert.Equal(200, answer.Response!.Status.Code);
        var order = await QueryAsync(db => db.Orders.IgnoreQueryFilters().Include(o => o.Lines).FirstAsync(o => o.CustomerReference == "PO-LENIENT-HDR"));
        Assert.All(order.Lines, l => Assert.Equal(new DateOnly(2026, 12, 24), l.DeliveryDate));
        Assert.All(order.Lines, l => Assert.Equal("CC-1010", l.CostCenterCode));
        Assert.Contains("Building 7", order.DeliveryAddress!.Department);
        Assert.Contains("Jamie Doe", order.DeliveryAddress.Department);
        var total = Assert.Single(order.PriceMismatches, m => m.Reason == "total-differs");
        Assert.Equal(6.00m, total.OrderedUnitPrice);
        Assert.Equal(5.00m, total.CurrentUnitPrice);
    }

    [Fact]
    public async Task A_day_first_delivery_date_is_read_and_one_that_is_no_date_is_kept_in_the_line_note()
    {
        var xml = PunchoutWorld.OrderRequest("PO-LENIENT-DATES", [("FAS-1001", null, 2m, 1.5m, "CC-1010"), ("FAS-1002", null, 1m, 2m, "CC-1010")]);
        var first = xml.IndexOf("requestedDeliveryDate=\"2026-12-10\"", StringComparison.Ordinal);
        xml = xml[..first] + "requestedDeliveryDate=\"24.12.2026\"" + xml[(first + "requestedDeliveryDate=\"2026-12-10\"".Length)..];
        xml = xml.Replace("requestedDeliveryDate=\"2026-12-10\"", "requestedDeliveryDate=\"before Christmas\"", StringComparison.Ordinal);
        var (_, answer) = await world.PostCxmlAsync(xml);
        Assert.Equal(200, answer.Response!.Status.Code);
        var order = await QueryAsync(db => db.Orders.IgnoreQueryFilters().Include(o => o.Lines).FirstAsync(o => o.CustomerReference == "PO-LENIENT-DATES"));
        var lines = order.Lines.OrderBy(l => l.Position).ToList();
        Assert.Equal(new DateOnly(2026, 12, 24), lines[0].DeliveryDate);
        Assert.Equal("Line comment 1", lines[0].Note);
        Assert.Null(lines[1].DeliveryDate);
        Assert.Equal("Line comment 2 Requested delivery date as sent: before Christmas", lines[1].Note);
    }

    [Fact]
    public async Task An_order_sent_as_multipart_related_keeps_its_attachments_as_order_documents()
    {
        var xml = PunchoutWorld.OrderRequest("PO-LENIENT-MIME", [("FAS-1001", null, 1m, 1.5m, "CC-1010")])
            .Replace("<Comments xml:lang=\"en\">Deliver to gate 2</Comments>", "<Comments xml:lang=\"en\"><Attachment><URL>cid:spec-1@buyer.example</URL></Attachment></Comments>", StringComparison.Ordinal);
        var pdf = "%PDF-1.4 drawing of the part"u8.ToArray();
        using var body = new MultipartContent("related", "cxml-boundary-42");
        body.Headers.ContentType!.Parameters.Add(new System.Net.Http.Headers.NameValueHeaderValue("type", "\"text/xml\""));
        var part = new StringContent(xml, System.Text.Encoding.UTF8, "text/xml");
        part.Headers.Add("Content-ID", "<payload@buyer.example>");
        body.Add(part);
        var attachment = new ByteArrayContent(pdf);
        attachment.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        attachment.Headers.Add("Content-ID", "<spec-1@buyer.example>");
        attachment.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "\"spec.pdf\"" };
        body.Add(attachment);
        using var client = world.CreateClient();
        var response = await client.PostAsync("/punchout/cxml", body);
        var answer = CxmlReader.Read(await response.Content.ReadAsStringAsync());
        Assert.Equal(200, answer.Response!.Status.Code);

        var order = await QueryAsync(db => db.Orders.IgnoreQueryFilters().FirstAsync(o => o.CustomerReference == "PO-LENIENT-MIME"));
        Assert.Null(order.Note); // an attachment-only comment is an attachment, not the note
        var document = await QueryAsync(db => db.OrderDocuments.IgnoreQueryFilters().SingleAsync(d => d.OrderId == order.Id));
        Assert.Equal("buyer-attachment", document.Kind);
        Assert.Equal("spec.pdf", document.FileName);
        Assert.Equal("application/pdf", document.ContentType);
        Assert.Equal(pdf, document.Content);
    }
}
