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
}
