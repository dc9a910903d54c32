using System.Xml.Linq;
using Portal.Punchout.Outbound;

namespace Portal.Punchout.Tests.Outbound;

public class CxmlOutboundDocumentTests
{
    public static TheoryData<string> Kinds => new() { "accept", "detail", "reject", "ship-notice", "invoice" };

    private static CxmlOutboundDocument Sample(string kind) => kind switch
    {
        "ship-notice" => OutboundSamples.ShipNotice(),
        "invoice" => OutboundSamples.Invoice(),
        _ => OutboundSamples.Confirmation(kind),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_outbound_document_validates_against_its_official_dtd(string kind)
    {
        var document = Sample(kind);
        var xml = CxmlOutboundWriter.Write(document);
        var errors = CxmlDtdValidator.Validate(xml, OutboundSamples.DtdFor(document));
        Assert.True(errors.Count == 0, $"{kind}:\n{string.Join("\n", errors)}\n\n{xml}");
        Assert.Contains("orderID=\"PO-4711\"", xml);
        Assert.Contains("orderDate=\"2026-12-03T10:00:00+00:00\"", xml);
    }

    [Fact]
    public void Detail_confirmation_says_per_line_what_changed()
    {
        var doc = XDocument.Parse(CxmlOutboundWriter.Write(OutboundSamples.Confirmation(CxmlConfirmationTypes.Detail)));
        var first = doc.Descendants("ConfirmationItem").First();
        var statuses = first.Elements("ConfirmationStatus").ToList();
        Assert.Equal(["detail", "reject"], statuses.Select(s => (string)s.Attribute("type")!));
        Assert.Equal(["2", "1"], statuses.Select(s => (string)s.Attribute("quantity")!));
        Assert.Equal("accept", (string)doc.Descendants("ConfirmationItem").Last().Element("ConfirmationStatus")!.Attribute("type")!);
    }

    [Fact]
    public void Invoice_amounts_are_in_minor_units_and_add_up()
    {
        var doc = XDocument.Parse(CxmlOutboundWriter.Write(OutboundSamples.Invoice()));
        var items = doc.Descendants("InvoiceDetailItem").ToList();
        Assert.Equal("124.33", items[0].Element("UnitPrice")!.Value);
        Assert.Equal("0.35", items[1].Element("UnitPrice")!.Value);
        Assert.Equal("100", (string)items[1].Element("PriceBasisQuantity")!.Attribute("quantity")!);
        var subtotals = items.Select(i => decimal.Parse(i.Element("SubtotalAmount")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([372.99m, 3.50m], subtotals);
        var summary = doc.Descendants("InvoiceDetailSummary").Single();
        decimal Amount(string name) => decimal.Parse(summary.Element(name)!.Element("Money")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(376.49m, Amount("SubtotalAmount"));
        Assert.Equal(376.49m + 4.95m + 72.57m, Amount("GrossAmount"));
        Assert.Equal(Amount("GrossAmount"), Amount("DueAmount"));
    }

    [Fact]
    public void A_signed_invoice_stays_dtd_valid_and_verifies_with_xmlsec1_and_dotnet()
    {
        using var certificate = OutboundSamples.Certificate();
        var invoice = OutboundSamples.Invoice();
        var signed = CxmlSignature.Sign(CxmlOutboundWriter.Write(invoice, signable: true), certificate);

        var errors = CxmlDtdValidator.Validate(signed, OutboundSamples.DtdFor(invoice));
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n\n" + signed);
        Assert.Contains("signatureVersion=\"1.0\"", signed);
        Assert.Contains("<cXMLSignedInfo Id=\"cXMLSignedInfo\" payloadID=\"inv-1@portal\" signatureVersion=\"1.0\"", signed);

        var (exit, output) = OutboundSamples.Xmlsec1Verify(signed, certificate);
        Assert.True(exit == 0, output + "\n\n" + signed);
        Assert.Contains("OK", output);
        Assert.True(CxmlSignature.Verify(signed, certificate));
        Assert.True(CxmlSignature.Verify(signed)); // with the certificate the signature carries
    }

    [Fact]
    public void The_shared_secret_is_added_to_the_sender_at_sending_and_a_signature_stays_valid()
    {
        using var certificate = OutboundSamples.Certificate();
        var invoice = OutboundSamples.Invoice() with { Parties = OutboundSamples.Parties(secret: null) };
        var stored = CxmlSignature.Sign(CxmlOutboundWriter.Write(invoice, signable: true), certificate);
        Assert.DoesNotContain("SharedSecret", stored);
        var sent = CxmlOutboundWriter.WithSharedSecret(stored, "a&b<c");
        var sender = XDocument.Parse(sent).Root!.Element("Header")!.Element("Sender")!.Element("Credential")!;
        Assert.Equal("a&b<c", sender.Element("SharedSecret")!.Value);
        Assert.Empty(XDocument.Parse(sent).Root!.Element("Header")!.Element("From")!.Descendants("SharedSecret"));
        Assert.Empty(CxmlDtdValidator.Validate(sent, OutboundSamples.DtdFor(invoice)));
        Assert.True(CxmlSignature.Verify(sent, certificate));
        Assert.Equal(0, OutboundSamples.Xmlsec1Verify(sent, certificate).ExitCode);
    }

    [Fact]
    public void A_changed_signed_invoice_fails_both_verifiers()
    {
        using var certificate = OutboundSamples.Certificate();
        var signed = CxmlSignature.Sign(CxmlOutboundWriter.Write(OutboundSamples.Invoice(), signable: true), certificate);
        var tampered = signed.Replace("invoiceID=\"INV-1\"", "invoiceID=\"INV-2\"", StringComparison.Ordinal);
        Assert.NotEqual(0, OutboundSamples.Xmlsec1Verify(tampered, certificate).ExitCode);
        Assert.False(CxmlSignature.Verify(tampered, certificate));
    }
}
