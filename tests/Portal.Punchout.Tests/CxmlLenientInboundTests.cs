using System.Text;
using Portal.Punchout.Cxml;

namespace Portal.Punchout.Tests;

/// <summary>cXML as buyer systems really send it: any reasonable timestamp, legacy encodings and DTD versions, legacy elements.</summary>
public class CxmlLenientInboundTests
{
    private static string Setup(string timestamp = "2026-11-30T10:15:00+01:00", string dtdVersion = "1.2.014", string encoding = "UTF-8", string extra = "") => $"""
        <?xml version="1.0" encoding="{encoding}"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/{dtdVersion}/cXML.dtd">
        <cXML payloadID="1@coupa.example" timestamp="{timestamp}">
          <Header>
            <From><Credential domain="NetworkID"><Identity>AN1</Identity></Credential></From>
            <To><Credential domain="NetworkID"><Identity>AN2</Identity></Credential></To>
            <Sender><Credential domain="NetworkID"><Identity>AN1</Identity><SharedSecret>s</SharedSecret></Credential><UserAgent>Coupa</UserAgent></Sender>
          </Header>
          <Request><PunchOutSetupRequest operation="create">
            <BuyerCookie>c</BuyerCookie>
            <Extrinsic name="FirstName">Jürgen</Extrinsic>
            <BrowserFormPost><URL>https://buyer.example/return</URL></BrowserFormPost>
            <SupplierSetup><URL>https://supplier.example/punchout</URL></SupplierSetup>
            {extra}
          </PunchOutSetupRequest></Request>
        </cXML>
        """;

    [Theory]
    [InlineData("Mon May 19 18:29:48 +0000 2008", "2008-05-19T18:29:48+00:00")]
    [InlineData("Mon May 19 18:29:48 UTC 2008", "2008-05-19T18:29:48+00:00")]
    [InlineData("Tue, 20 May 2008 08:29:48 GMT", "2008-05-20T08:29:48+00:00")]
    [InlineData("2008-05-19T18:29:48+0200", "2008-05-19T18:29:48+02:00")]
    [InlineData("2008-05-19T18:29:48Z", "2008-05-19T18:29:48+00:00")]
    [InlineData("2008-05-19T18:29:48", "2008-05-19T18:29:48+00:00")]
    [InlineData("2008-05-19T18:29+02:00", "2008-05-19T18:29:00+02:00")]
    [InlineData("2008-05-19T18:29:48.123456789-05:00", "2008-05-19T18:29:48.1234567-05:00")]
    [InlineData("2008-05-19", "2008-05-19T00:00:00+00:00")]
    [InlineData("Mon, 19 May 2008 18:29:48 +0000", "2008-05-19T18:29:48+00:00")]
    [InlineData("2008-05-19 18:29:48 +0000", "2008-05-19T18:29:48+00:00")]
    [InlineData("2008-05-19 18:29:48 UTC", "2008-05-19T18:29:48+00:00")]
    [InlineData("Mon May  5 08:29:48 +0200 2008", "2008-05-05T08:29:48+02:00")]
    [InlineData("2008-05-19T18:29:48.385-08:00", "2008-05-19T18:29:48.385-08:00")]
    [InlineData("19.05.2008", "2008-05-19T00:00:00+00:00")]
    [InlineData("19.05.2008 18:29", "2008-05-19T18:29:00+00:00")]
    public void Timestamps_in_any_reasonable_format_are_read(string timestamp, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CxmlReader.Read(Setup(timestamp)).Timestamp);

    [Theory]
    [InlineData("yesterday at noon")]
    [InlineData("")]
    public void A_timestamp_that_is_no_date_never_refuses_the_document(string timestamp) =>
        Assert.Equal(DateTimeOffset.UnixEpoch, CxmlReader.Read(Setup(timestamp)).Timestamp);

    [Theory]
    [InlineData("windows-1252")]
    [InlineData("ISO-8859-1")]
    [InlineData("ISO-8859-15")]
    public async Task Legacy_encodings_are_read_through_the_code_pages(string encoding)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(encoding).GetBytes(Setup(encoding: encoding));
        var document = await CxmlReader.ReadAsync(new MemoryStream(bytes));
        Assert.Equal("Jürgen", ((PunchOutSetupRequest)document.Request!).Extrinsic("FirstName"));
    }

    [Theory]
    [InlineData("1.1.010")]
    [InlineData("1.2.005")]
    [InlineData("1.2.069")]
    public void Every_dtd_version_from_1_1_to_1_2_069_is_accepted_and_supplier_setup_is_ignored(string version)
    {
        var request = (PunchOutSetupRequest)CxmlReader.Read(Setup(dtdVersion: version)).Request!;
        Assert.Equal("c", request.BuyerCookie);
    }

    [Fact]
    public void Selected_item_is_read_for_level_2_punchout() =>
        Assert.Equal("FAS-1001", ((PunchOutSetupRequest)CxmlReader.Read(Setup(extra: "<SelectedItem><ItemID><SupplierPartID>FAS-1001</SupplierPartID></ItemID></SelectedItem>")).Request!).SelectedItem!.SupplierPartId);

    [Fact]
    public void A_message_portal_does_not_implement_is_450_not_400()
    {
        var ex = Assert.Throws<CxmlFormatException>(() => CxmlReader.Read("""
            <?xml version="1.0"?><!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
            <cXML payloadID="2@buyer" timestamp="2026-11-30T10:15:00Z"><Header><From/><To/><Sender/></Header>
            <Message><SubscriptionChangeMessage/></Message></cXML>
            """));
        Assert.Equal(450, ex.StatusCode);
    }

    private static string Order(string comments, string extra = "") => $"""
        <?xml version="1.0"?>
        <cXML payloadID="2@ariba.example" timestamp="2026-11-30T10:15:00+01:00"><Header><From/><To/><Sender/></Header>
          <Request><OrderRequest>
            <OrderRequestHeader orderID="PO-1" orderDate="2026-11-30"><Total><Money currency="EUR">1</Money></Total>
              <Contact role="endUser"><Name xml:lang="en">Jamie</Name><Phone name="work"><TelephoneNumber><CountryCode isoCountryCode="DE">49</CountryCode><AreaOrCityCode>711</AreaOrCityCode><Number>123</Number><Extension>45</Extension></TelephoneNumber></Phone></Contact>
              {comments}
            </OrderRequestHeader>
            <ItemOut quantity="1"><ItemID><SupplierPartID>A</SupplierPartID></ItemID>{extra}</ItemOut>
          </OrderRequest></Request>
        </cXML>
        """;

    [Fact]
    public void Attachments_in_header_and_line_comments_are_read_as_references_and_comments_that_only_attach_are_no_text()
    {
        var order = (OrderRequest)CxmlReader.Read(Order(
            "<Comments>See drawing<Attachment><URL name=\"drawing.pdf\">cid:drawing%40buyer.example</URL></Attachment></Comments>",
            "<Comments><Attachment><URL>CID:&lt;spec@buyer.example&gt;</URL></Attachment></Comments>")).Request!;
        Assert.Equal("See drawing", order.Header.Comments);
        var header = Assert.Single(order.Header.Attachments);
        Assert.Equal(("drawing@buyer.example", "drawing.pdf"), (header.ContentId, header.Name));
        Assert.Null(order.Items[0].Comments);
        Assert.Equal("spec@buyer.example", Assert.Single(order.Items[0].Attachments).ContentId);
        Assert.Null(new CxmlAttachmentReference("https://buyer.example/file.pdf").ContentId);
    }

    [Fact]
    public void A_contacts_phone_is_read_as_one_line() =>
        Assert.Equal("+49 711 123-45", Assert.Single(((OrderRequest)CxmlReader.Read(Order("")).Request!).Header.Contacts).Phone);

    [Fact]
    public void A_request_without_its_request_wrapper_is_read_as_that_request()
    {
        var xml = Order("").Replace("<Request><OrderRequest>", ";<OrderRequest>", StringComparison.Ordinal).Replace("</OrderRequest></Request>", "</OrderRequest>", StringComparison.Ordinal);
        Assert.Equal("PO-1", Assert.IsType<OrderRequest>(CxmlReader.Read(xml).Request).Header.OrderId);
    }

    [Fact]
    public async Task The_media_type_charset_decides_when_the_document_does_not_say_its_encoding()
    {
        var latin1 = Encoding.Latin1.GetBytes(Order("<Comments>Grüße</Comments>"));
        var document = await CxmlReader.ReadAsync(new MemoryStream(latin1), "ISO-8859-1");
        Assert.Equal("Grüße", ((OrderRequest)document.Request!).Header.Comments);
        // A document that names its encoding is read in it, whatever the media type says.
        var declared = Encoding.Latin1.GetBytes(Order("<Comments>Grüße</Comments>").Replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", StringComparison.Ordinal));
        Assert.Equal("Grüße", ((OrderRequest)(await CxmlReader.ReadAsync(new MemoryStream(declared), "windows-1250")).Request!).Header.Comments);
    }

    [Theory]
    [InlineData("1505,0", 1505.0)]
    [InlineData("12,50", 12.50)]
    [InlineData("1505.0", 1505.0)]
    public void A_total_with_a_decimal_comma_and_one_or_two_decimals_is_read(string money, decimal expected) =>
        Assert.Equal(expected, ((OrderRequest)CxmlReader.Read(Order("").Replace("<Money currency=\"EUR\">1</Money>", $"<Money currency=\"EUR\">{money}</Money>", StringComparison.Ordinal)).Request!).Header.Total.Amount);

    [Fact]
    public void A_comma_that_may_be_a_thousands_separator_is_refused() =>
        Assert.Equal(400, Assert.Throws<CxmlFormatException>(() => CxmlReader.Read(Order("").Replace("<Money currency=\"EUR\">1</Money>", "<Money currency=\"EUR\">1,505</Money>", StringComparison.Ordinal))).StatusCode);
}

