using System.Text;
using Portal.Punchout.Cxml;

namespace Portal.Punchout.Tests;

/// <summary>Documents as real buyer systems send them: not always in DTD order, not always DTD-valid.</summary>
public class CxmlReaderQuirksTests
{
    private const string AribaSetupRequest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
        <cXML payloadID="1732960800123.7611.4471@ariba.example" timestamp="2026-11-30T02:00:00-08:00" version="1.2.014" xml:lang="en-US">
          <Header>
            <From>
              <Credential domain="NetworkID">
                <Identity>AN01000000001</Identity>
              </Credential>
              <Credential domain="SystemID">
                <Identity>ACME_ERP_PRD</Identity>
              </Credential>
            </From>
            <To>
              <Credential domain="NetworkID">
                <Identity>AN01000099999</Identity>
              </Credential>
            </To>
            <Sender>
              <Credential domain="AribaNetworkUserId">
                <Identity>sysadmin@ariba.com</Identity>
                <SharedSecret> welcome1 </SharedSecret>
              </Credential>
              <UserAgent>Ariba Buyer 16.0</UserAgent>
            </Sender>
          </Header>
          <Request deploymentMode="test">
            <PunchOutSetupRequest operation="create">
              <BuyerCookie>34234234ADFSDF234234</BuyerCookie>
              <Extrinsic name="CostCenter">670</Extrinsic>
              <Extrinsic name="UniqueName">jdoe</Extrinsic>
              <Extrinsic name="UserEmail">
                  jane.doe@acme.example
              </Extrinsic>
              <BrowserFormPost>
                <URL>https://s1.ariba.com/Buyer/punchout?client=1&amp;session=2</URL>
              </BrowserFormPost>
              <Contact role="endUser">
                <Name xml:lang="en">Jane Doe</Name>
                <Email>jane.doe@acme.example</Email>
              </Contact>
              <SupplierSetup>
                <URL>https://portal.example/cxml/setup</URL>
              </SupplierSetup>
              <ShipTo>
                <Address addressID="1000" isoCountryCode="US">
                  <Name xml:lang="en">Acme Headquarters</Name>
                  <PostalAddress name="default">
                    <DeliverTo>Jane Doe</DeliverTo>
                    <Street>1 Main Street</Street>
                    <City>Sunnyvale</City>
                    <State>CA</State>
                    <PostalCode>94089</PostalCode>
                    <Country isoCountryCode="US">United States</Country>
                  </PostalAddress>
                </Address>
              </ShipTo>
            </PunchOutSetupRequest>
          </Request>
        </cXML>
        """;

    [Fact]
    public void Reads_an_ariba_style_setup_request()
    {
        var doc = CxmlReader.Read(AribaSetupRequest);

        Assert.Equal("1732960800123.7611.4471@ariba.example", doc.PayloadId);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), doc.Timestamp);
        Assert.Equal(TimeSpan.FromHours(-8), doc.Timestamp.Offset);
        Assert.Equal("1.2.014", doc.Version);
        Assert.Equal("en-US", doc.Lang);
        Assert.Equal("test", doc.DeploymentMode);

        var header = doc.Header!;
        Assert.Equal([("NetworkID", "AN01000000001"), ("SystemID", "ACME_ERP_PRD")], header.From.Select(c => (c.Domain, c.Identity)));
        Assert.Equal("AN01000099999", Assert.Single(header.To).Identity);
        var sender = Assert.Single(header.Sender);
        Assert.Equal("AribaNetworkUserId", sender.Domain);
        Assert.Equal("sysadmin@ariba.com", sender.Identity);
        Assert.Equal("welcome1", sender.SharedSecret);
        Assert.Equal("Ariba Buyer 16.0", header.UserAgent);

        var posr = Assert.IsType<PunchOutSetupRequest>(doc.Request);
        Assert.Equal("create", posr.Operation);
        Assert.Equal("34234234ADFSDF234234", posr.BuyerCookie);
        Assert.Equal("jane.doe@acme.example", posr.Extrinsic("useremail"));
        Assert.Equal("670", posr.Extrinsic("CostCenter"));
        Assert.Equal("https://s1.ariba.com/Buyer/punchout?client=1&session=2", posr.BrowserFormPostUrl);
        Assert.Equal(new CxmlContact("endUser", "Jane Doe", "jane.doe@acme.example"), Assert.Single(posr.Contacts));
        Assert.Equal("https://portal.example/cxml/setup", posr.SupplierSetupUrl);
        Assert.Equal("1000", posr.ShipTo!.AddressId);
        Assert.Equal("Sunnyvale", posr.ShipTo.City);
        Assert.Equal("US", posr.ShipTo.CountryCode);
        Assert.Equal(["Jane Doe"], posr.ShipTo.DeliverTo);
        Assert.Null(posr.SelectedItem);
        Assert.Empty(posr.Items);
    }

    private const string CoupaSetupRequest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cXML.org/schemas/cXML/1.2.020/cXML.dtd">
        <cXML xml:lang="en-US" version="1.2.020" timestamp="2026-11-30T10:00:00Z" payloadID="3f6c0a1e-1b2c-4d5e-9f00-coupa@acme.coupahost.com">
          <Header>
            <Sender>
              <UserAgent>Coupa Procurement 1.0</UserAgent>
              <Credential domain="NetworkId">
                <SharedSecret>s3cr3t</SharedSecret>
                <Identity>acme-coupa</Identity>
              </Credential>
            </Sender>
            <To>
              <Credential domain="duns"><Identity>987654321</Identity></Credential>
            </To>
            <From>
              <Credential domain="NetworkId"><Identity>acme-coupa</Identity></Credential>
            </From>
          </Header>
          <Request>
            <PunchOutSetupRequest operation="create">
              <BrowserFormPost><URL>https://acme.coupahost.com/punchout/checkout?id=42</URL></BrowserFormPost>
              <Contact role="endUser"><Email>jdoe@acme.example</Email><Name xml:lang="en-US">jdoe</Name></Contact>
              <BuyerCookie>c0ffee42</BuyerCookie>
              <Extrinsic name="FirstName">Jane</Extrinsic>
              <Extrinsic name="LastName">Doe</Extrinsic>
              <Extrinsic name="UserEmail">jdoe@acme.example</Extrinsic>
              <Extrinsic name="User">jdoe</Extrinsic>
              <Extrinsic name="BusinessUnit">EMEA</Extrinsic>
              <Extrinsic name="CoupaFeatureFlags"><Flag>a</Flag></Extrinsic>
              <SomethingNew>ignored</SomethingNew>
            </PunchOutSetupRequest>
          </Request>
        </cXML>
        """;

    [Fact]
    public void Reads_a_coupa_style_setup_request_in_any_order_with_lowercase_domains()
    {
        var doc = CxmlReader.Read(CoupaSetupRequest);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), doc.Timestamp);
        Assert.Null(doc.DeploymentMode);
        var header = doc.Header!;
        Assert.Equal("NetworkId", header.Sender[0].Domain);
        Assert.Equal("s3cr3t", header.Sender[0].SharedSecret);
        Assert.Equal("acme-coupa", header.Sender[0].Identity);
        Assert.Equal("Coupa Procurement 1.0", header.UserAgent);
        Assert.Equal("duns", header.To[0].Domain);
        Assert.Equal("acme-coupa", header.From[0].Identity);

        var posr = Assert.IsType<PunchOutSetupRequest>(doc.Request);
        Assert.Equal("c0ffee42", posr.BuyerCookie);
        Assert.Equal("https://acme.coupahost.com/punchout/checkout?id=42", posr.BrowserFormPostUrl);
        Assert.Equal(new CxmlContact("endUser", "jdoe", "jdoe@acme.example"), Assert.Single(posr.Contacts));
        Assert.Equal(["FirstName", "LastName", "UserEmail", "User", "BusinessUnit", "CoupaFeatureFlags"], posr.Extrinsics.Select(e => e.Name));
        Assert.Equal("jdoe", posr.Extrinsic("User"));
        Assert.Equal("EMEA", posr.Extrinsic("BusinessUnit"));
        Assert.Equal("a", posr.Extrinsic("CoupaFeatureFlags"));
    }

    [Theory]
    [InlineData("2026-11-30T11:00:00+01:00")]
    [InlineData("2026-11-30T11:00:00+0100")]
    [InlineData("2026-11-30T10:00:00Z")]
    [InlineData("2026-11-30T10:00:00+0000")]
    [InlineData("2026-11-30T10:00:00")]
    [InlineData(" 2026-11-30T10:00:00.000Z ")]
    [InlineData("2026-11-30T05:00:00.0000000000-05:00")]
    public void Accepts_timestamps_with_any_offset_style(string timestamp)
    {
        var doc = CxmlReader.Read(Profile(timestamp));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), doc.Timestamp);
    }

    [Fact]
    public void Keeps_fractional_seconds()
    {
        var doc = CxmlReader.Read(Profile("2026-11-30T10:00:00.123+01:00"));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, 123, TimeSpan.FromHours(1)), doc.Timestamp);
    }

    [Fact]
    public void A_bad_timestamp_never_refuses_the_document()
    {
        // Issue #19: the timestamp is informational; an unreadable one is recorded as unknown (it used to be 400).
        var document = CxmlReader.Read(Profile("yesterday"));
        Assert.IsType<ProfileRequest>(document.Request);
        Assert.Equal(DateTimeOffset.UnixEpoch, document.Timestamp);
    }

    private static string Profile(string timestamp) => $"""
        <cXML payloadID="p@x" timestamp="{timestamp}"><Header><From><Credential domain="d"><Identity>i</Identity></Credential></From><To/><Sender/></Header><Request><ProfileRequest/></Request></cXML>
        """;

    private const string CoupaOrderRequest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.020/cXML.dtd">
        <cXML payloadID="po-4711-1@acme.coupahost.com" timestamp="2026-11-30T10:15:00+0000" version="1.2.020">
          <Header>
            <From><Credential domain="DUNS"><Identity>123456789</Identity></Credential></From>
            <To><Credential domain="DUNS"><Identity>987654321</Identity></Credential></To>
            <Sender><Credential domain="NetworkId"><Identity>acme-coupa</Identity><SharedSecret>s3cr3t</SharedSecret></Credential><UserAgent>Coupa Procurement 1.0</UserAgent></Sender>
          </Header>
          <Request deploymentMode="production">
            <OrderRequest>
              <ItemOut quantity=" 2.000 " lineNumber="1" requestedDeliveryDate="2026-12-05">
                <Distribution>
                  <Charge><Money currency="EUR"> 25.00 </Money></Charge>
                  <Accounting name="Cost Center">
                    <AccountingSegment id="4711"><Description xml:lang="en">Marketing</Description><Name xml:lang="en">Cost Center</Name></AccountingSegment>
                    <AccountingSegment id="6000"><Name xml:lang="en">Account</Name><Description xml:lang="en">Office supplies</Description></AccountingSegment>
                  </Accounting>
                </Distribution>
                <ItemDetail>
                  <Description xml:lang="en">Copy paper A4<ShortName>Paper</ShortName></Description>
                  <UnitOfMeasure>PK</UnitOfMeasure>
                  <UnitPrice><Money currency="EUR">12.5</Money></UnitPrice>
                  <Classification domain="UNSPSC">14111507</Classification>
                  <Extrinsic name="ContractNumber">C-1</Extrinsic>
                </ItemDetail>
                <ItemID><SupplierPartAuxiliaryID>sess-1/line-1</SupplierPartAuxiliaryID><SupplierPartID>P-1</SupplierPartID></ItemID>
              </ItemOut>
              <ItemOut quantity="1" lineNumber="2">
                <ItemID><SupplierPartID>P-2</SupplierPartID></ItemID>
              </ItemOut>
              <OrderRequestHeader orderID="PO-4711" orderDate="2026-11-30T10:14:59+00:00" type="new">
                <Comments>First line</Comments>
                <BillTo><Address addressID="BILL"><Name xml:lang="en">Acme AP</Name></Address></BillTo>
                <Total><Money currency="EUR">37.50</Money></Total>
                <ShipTo><Address addressID="SHIP"><Name xml:lang="en">Acme Plant</Name><PostalAddress><Street>Hauptstr. 1</Street><City>Berlin</City><PostalCode>10115</PostalCode><Country isoCountryCode="DE">Germany</Country></PostalAddress></Address></ShipTo>
                <Extrinsic name="Requester">jdoe</Extrinsic>
              </OrderRequestHeader>
            </OrderRequest>
          </Request>
        </cXML>
        """;

    [Fact]
    public void Reads_a_coupa_style_order_request_with_cost_center_accounting()
    {
        var doc = CxmlReader.Read(CoupaOrderRequest);
        Assert.Equal("production", doc.DeploymentMode);
        var order = Assert.IsType<OrderRequest>(doc.Request);
        var h = order.Header;
        Assert.Equal("PO-4711", h.OrderId);
        Assert.Equal("new", h.Type);
        Assert.Null(h.OrderVersion);
        Assert.Equal(new CxmlMoney(37.50m, "EUR"), h.Total);
        Assert.Equal("Berlin", h.ShipTo!.City);
        Assert.Equal("DE", h.ShipTo.CountryCode);
        Assert.Equal("Acme AP", h.BillTo!.Name);
        Assert.Equal("First line", h.Comments);
        Assert.Equal("jdoe", Assert.Single(h.Extrinsics).Value);

        Assert.Equal(2, order.Items.Count);
        var first = order.Items[0];
        Assert.Equal(2m, first.Quantity);
        Assert.Equal(1, first.LineNumber);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), first.RequestedDeliveryDate);
        Assert.Equal(new CxmlItemId("P-1", "sess-1/line-1"), first.ItemId);
        Assert.Equal("Copy paper A4", first.Detail!.Description);
        Assert.Equal(new CxmlMoney(12.5m, "EUR"), first.Detail.UnitPrice);
        Assert.Equal("UNSPSC", first.Detail.Classifications.Single().Domain);
        var distribution = Assert.Single(first.Distributions);
        Assert.Equal("Cost Center", distribution.AccountingName);
        Assert.Equal(new CxmlMoney(25m, "EUR"), distribution.Charge);
        Assert.Equal(
            [new CxmlAccountingSegment("4711", "Cost Center", "Marketing"), new CxmlAccountingSegment("6000", "Account", "Office supplies")],
            distribution.Segments);
        Assert.Null(order.Items[1].Detail);
        Assert.Equal(1m, order.Items[1].Quantity);
    }

    [Fact]
    public async Task A_doctype_with_an_unreachable_system_id_is_read_without_network()
    {
        var xml = AribaSetupRequest.Replace(
            "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd",
            "http://xml.cxml.org.invalid:9/never/cXML.dtd", StringComparison.Ordinal);
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        var started = DateTime.UtcNow;
        var doc = await CxmlReader.ReadAsync(stream);
        Assert.IsType<PunchOutSetupRequest>(doc.Request);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Reads_a_document_with_a_byte_order_mark_and_a_public_doctype()
    {
        var xml = "\uFEFF" + AribaSetupRequest.Replace("SYSTEM \"http", "PUBLIC \"-//cXML//DTD\" \"http", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(xml[1..])).ToArray();
        var doc = await CxmlReader.ReadAsync(new MemoryStream(bytes));
        Assert.Equal("34234234ADFSDF234234", Assert.IsType<PunchOutSetupRequest>(doc.Request).BuyerCookie);
    }

    [Fact]
    public async Task Tolerates_a_byte_order_mark_and_line_breaks_before_the_xml_declaration()
    {
        var xml = "\uFEFF\r\n  " + AribaSetupRequest;
        Assert.Equal("34234234ADFSDF234234", Assert.IsType<PunchOutSetupRequest>(CxmlReader.Read(xml).Request).BuyerCookie);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("\n\n" + AribaSetupRequest)).ToArray();
        var doc = await CxmlReader.ReadAsync(new MemoryStream(bytes));
        Assert.Equal("34234234ADFSDF234234", Assert.IsType<PunchOutSetupRequest>(doc.Request).BuyerCookie);
    }

    [Fact]
    public async Task Reads_utf16_and_latin1_documents()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(AribaSetupRequest.Replace("UTF-8", "UTF-16", StringComparison.Ordinal))).ToArray();
        Assert.IsType<PunchOutSetupRequest>((await CxmlReader.ReadAsync(new MemoryStream(utf16))).Request);

        var latin1Xml = AribaSetupRequest.Replace("UTF-8", "ISO-8859-1", StringComparison.Ordinal).Replace("Jane Doe</Name>", "Jürgen Müller</Name>", StringComparison.Ordinal);
        var doc = await CxmlReader.ReadAsync(new MemoryStream(Encoding.Latin1.GetBytes(latin1Xml)));
        Assert.Equal("Jürgen Müller", Assert.IsType<PunchOutSetupRequest>(doc.Request).Contacts[0].Name);
    }

    [Fact]
    public void Unknown_request_elements_become_UnsupportedRequest()
    {
        var doc = CxmlReader.Read("""
            <cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><StatusUpdateRequest><Status code="200" text="OK"/></StatusUpdateRequest></Request></cXML>
            """);
        Assert.Equal("StatusUpdateRequest", Assert.IsType<UnsupportedRequest>(doc.Request).ElementName);
        Assert.NotNull(doc.Header);
        Assert.Empty(doc.Header.From);
    }

    [Theory]
    [InlineData("""<cXML timestamp="2026-11-30T10:00:00Z"><Header/><Request><ProfileRequest/></Request></cXML>""", "payloadID")]
    [InlineData("""<cxml payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><ProfileRequest/></Request></cxml>""", "cxml")]
    [InlineData("""<Envelope payloadID="p@x"/>""", "Envelope")]
    [InlineData("""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/></cXML>""", "exactly one")]
    [InlineData("""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request/></cXML>""", "exactly one")]
    [InlineData("""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><PunchOutSetupRequest operation="create"><Extrinsic name="a">b</Extrinsic></PunchOutSetupRequest></Request></cXML>""", "BuyerCookie")]
    [InlineData("""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><OrderRequest><OrderRequestHeader orderDate="2026-11-30T10:00:00Z"><Total><Money currency="USD">1</Money></Total></OrderRequestHeader></OrderRequest></Request></cXML>""", "orderID")]
    [InlineData("""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Header/><Request><OrderRequest><OrderRequestHeader orderID="1"><Total><Money currency="USD">1,505</Money></Total></OrderRequestHeader></OrderRequest></Request></cXML>""", "not a number")]
    [InlineData("""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Response><Status code="200" text="OK"/></Response><Header/><Request><ProfileRequest/></Request></cXML>""", "exactly one")]
    [InlineData("""<cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Response/></cXML>""", "Status")]
    public void Well_formed_but_unusable_documents_are_400(string xml, string expected)
    {
        var ex = Assert.Throws<CxmlFormatException>(() => CxmlReader.Read(xml));
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_a_status_with_a_message_and_ignores_unknown_response_bodies()
    {
        var doc = CxmlReader.Read("""
            <cXML payloadID="p@x" timestamp="2026-11-30T10:00:00Z"><Response><Status code="401" text="Unauthorized">  Bad secret  </Status><AuthResponse/></Response></cXML>
            """);
        Assert.Equal(new CxmlStatus(401, "Unauthorized", "Bad secret"), doc.Response!.Status);
        Assert.Null(doc.Response.Body);
        Assert.False(doc.Response.Status.IsSuccess);
    }

    [Fact]
    public void Deep_equality_helper_notices_nested_differences()
    {
        var a = CxmlSamples.OrderRequest();
        var order = (OrderRequest)a.Request!;
        var b = a with { Request = order with { Items = [order.Items[0], order.Items[1] with { Distributions = [] }] } };
        Assert.ThrowsAny<Exception>(() => CxmlAssert.DeepEqual(a, b));
        CxmlAssert.DeepEqual(a, CxmlSamples.OrderRequest());
    }

    [Fact]
    public async Task Mixed_content_keeps_cdata_and_whitespace_between_children_as_linq_to_xml_did()
    {
        // Pins the text rules the reader had with XDocument: own text = text, CDATA and whitespace nodes joined in
        // order; Value = all descendant text, whitespace between child elements included; then trimmed.
        var xml = "<?xml version=\"1.0\"?>\n<cXML payloadID=\"p@x\" timestamp=\"2026-11-30T10:00:00Z\"><Request><OrderRequest>"
            + "<OrderRequestHeader orderID=\"PO-1\"><Total><Money currency=\"EUR\">\n 1.50\t</Money></Total></OrderRequestHeader>"
            + "<ItemOut quantity=\"1\"><ItemID><SupplierPartID>P-1</SupplierPartID></ItemID>\n\t\t<ItemDetail>\n    "
            + "<UnitPrice><Money currency=\"EUR\">1.50</Money></UnitPrice>\n    "
            + "<Description xml:lang=\"de\">Schraube<ShortName>S</ShortName>  <![CDATA[M8 <x>]]>\t<ShortName>T</ShortName>\n   x </Description>"
            + "<Classification domain=\"UNSPSC\">\n  <A>1</A>\n  <B>2</B>\n</Classification>"
            + "<Classification domain=\"eCl@ss\"><A>3</A><B>4</B></Classification>"
            + "<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut></OrderRequest></Request></cXML>";
        foreach (var doc in new[] { CxmlReader.Read(xml), await CxmlReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml))) })
        {
            var order = Assert.IsType<OrderRequest>(doc.Request);
            Assert.Equal(1.50m, order.Header.Total.Amount);
            var detail = order.Items[0].Detail!;
            Assert.Equal("Schraube  M8 <x>\t\n   x", detail.Description);
            Assert.Equal("de", detail.DescriptionLang);
            Assert.Equal(["1\n  2", "34"], detail.Classifications.Select(c => c.Code));
        }
    }

    [Fact]
    public async Task An_unreadable_amount_is_quoted_with_the_whitespace_around_it()
    {
        var xml = "<cXML payloadID=\"p@x\" timestamp=\"2026-11-30T10:00:00Z\"><Request><OrderRequest><OrderRequestHeader orderID=\"PO-1\">"
            + "<Total><Money currency=\"EUR\">\n <![CDATA[abc]]>\t</Money></Total></OrderRequestHeader></OrderRequest></Request></cXML>";
        foreach (var read in new Func<Task<CxmlDocument>>[] { () => Task.FromResult(CxmlReader.Read(xml)), () => CxmlReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml))) })
        {
            var ex = await Assert.ThrowsAsync<CxmlFormatException>(read);
            Assert.Equal(400, ex.StatusCode);
            Assert.Contains("'\n abc\t'", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("12.50")]
    [InlineData("007")]
    [InlineData("0.000")]
    [InlineData("123456789012345678")]
    [InlineData("1234567890123456789")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("-3.10")]
    [InlineData(" 4.0 ")]
    [InlineData("1e2")]
    public void Amounts_keep_the_value_and_scale_of_decimal_parsing(string amount)
    {
        var xml = "<cXML payloadID=\"p@x\" timestamp=\"2026-11-30T10:00:00Z\"><Request><OrderRequest><OrderRequestHeader orderID=\"PO-1\">"
            + $"<Total><Money currency=\"EUR\">{amount}</Money></Total></OrderRequestHeader></OrderRequest></Request></cXML>";
        var total = Assert.IsType<OrderRequest>(CxmlReader.Read(xml).Request).Header.Total.Amount;
        var expected = decimal.Parse(amount, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), total.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
