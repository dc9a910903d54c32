using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Portal.Punchout.Cxml;
using Portal.Punchout.Money;

namespace Portal.Punchout.Outbound;

/// <summary>
/// Writes the outbound documents as cXML 1.2.063: ConfirmationRequest and ShipNoticeRequest against Fulfill.dtd,
/// InvoiceDetailRequest against InvoiceDetail.dtd. Attributes the DTD would default are written out
/// (<c>deploymentMode</c>, <c>operation</c>, <c>purpose</c>), so a verifier that reads the DTD and one that does not
/// canonicalize the same bytes (a signature digest depends on it). Amounts in the currency's minor units.
/// </summary>
public static class CxmlOutboundWriter
{
    /// <summary>The Request@Id a signature references (<c>#cXMLData</c>).</summary>
    public const string DataId = "cXMLData";

    private static readonly XNamespace XmlNs = XNamespace.Xml;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The DTD a document type is checked against (its DOCTYPE system id).</summary>
    public static string DtdFor(CxmlOutboundDocument document) =>
        "http://xml.cxml.org/schemas/cXML/" + CxmlVersion.Current + "/" + (document is CxmlInvoice ? "InvoiceDetail.dtd" : "Fulfill.dtd");

    /// <summary>The document as an XML string with declaration and DOCTYPE.</summary>
    public static string Write(CxmlOutboundDocument document, bool signable = false)
    {
        var body = document switch
        {
            CxmlConfirmation c => Confirmation(c),
            CxmlShipNotice s => ShipNotice(s),
            CxmlInvoice i => Invoice(i),
            _ => throw new ArgumentException("Unknown document.", nameof(document)),
        };
        var root = new XElement("cXML",
            new XAttribute("payloadID", document.PayloadId),
            new XAttribute("timestamp", CxmlWriter.FormatTimestamp(document.Timestamp)),
            new XAttribute("version", CxmlVersion.Current),
            // Not on a signed document: .NET's SignedXml (unlike the exclusive C14N standard and xmlsec1) carries an
            // ancestor's xml:lang into the canonical form of the referenced Request, so its digests would differ.
            signable ? null : new XAttribute(XmlNs + "lang", "en-US"),
            Header(document.Parties),
            new XElement("Request",
                new XAttribute("deploymentMode", document.DeploymentMode == "test" ? "test" : "production"),
                signable ? new XAttribute("Id", DataId) : null,
                body));
        var settings = new XmlWriterSettings { Encoding = Utf8NoBom, Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = true };
        var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        using (var writer = XmlWriter.Create(new StringWriter(text, CultureInfo.InvariantCulture), settings))
        {
            writer.WriteDocType("cXML", null, DtdFor(document), null);
            root.WriteTo(writer);
        }
        return text.ToString();
    }

    /// <summary>
    /// The document with <paramref name="secret"/> as Sender/Credential/SharedSecret, added when it is sent (so the
    /// stored copy never holds the secret). The Header is not signed, so a signed document stays valid.
    /// </summary>
    public static string WithSharedSecret(string xml, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return xml;
        }
        var sender = xml.IndexOf("<Sender>", StringComparison.Ordinal);
        var identityEnd = sender < 0 ? -1 : xml.IndexOf("</Identity>", sender, StringComparison.Ordinal);
        if (identityEnd < 0 || xml.IndexOf("<SharedSecret>", sender, StringComparison.Ordinal) is var existing && existing > 0 && existing < xml.IndexOf("</Sender>", sender, StringComparison.Ordinal))
        {
            return xml;
        }
        var at = identityEnd + "</Identity>".Length;
        return xml[..at] + "<SharedSecret>" + System.Security.SecurityElement.Escape(secret) + "</SharedSecret>" + xml[at..];
    }

    private static XElement Header(CxmlParties parties) => new("Header",
        new XElement("From", Credentials(parties.From, null)),
        new XElement("To", Credentials(parties.To, null)),
        new XElement("Sender", Credentials(parties.Sender, parties.SharedSecret), new XElement("UserAgent", "Portal")));

    private static IEnumerable<XElement> Credentials(IReadOnlyList<CxmlCredential> credentials, string? secret)
    {
        if (credentials.Count == 0)
        {
            throw new ArgumentException("Every header party needs at least one credential.", nameof(credentials));
        }
        return credentials.Select(c => new XElement("Credential", new XAttribute("domain", c.Domain), new XElement("Identity", c.Identity),
            secret is null ? null : new XElement("SharedSecret", secret)));
    }

    private static XElement OrderReference(CxmlOrderReference order) => new("OrderReference",
        new XAttribute("orderID", order.OrderId),
        new XAttribute("orderDate", CxmlWriter.FormatTimestamp(order.OrderDate)),
        new XElement("DocumentReference", new XAttribute("payloadID", order.PayloadId)));

    private static XElement MoneyOf(decimal amount, string currency) =>
        new("Money", new XAttribute("currency", currency), Amount(amount, currency));

    private static string Amount(decimal amount, string currency) =>
        CurrencyAmounts.Round(amount, currency).ToString("F" + CurrencyAmounts.MinorUnits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static XElement Confirmation(CxmlConfirmation c)
    {
        var header = new XElement("ConfirmationHeader",
            new XAttribute("confirmID", c.ConfirmId),
            new XAttribute("operation", "new"),
            new XAttribute("type", c.Type),
            new XAttribute("noticeDate", CxmlWriter.FormatTimestamp(c.Timestamp)),
            c.Total is { } total ? new XElement("Total", MoneyOf(total, c.Currency)) : null,
            string.IsNullOrWhiteSpace(c.Comment) ? null : new XElement("Comments", new XAttribute(XmlNs + "lang", "en-US"), c.Comment));
        var items = c.Type == CxmlConfirmationTypes.Detail
            ? c.Lines.Select(l => new XElement("ConfirmationItem",
                new XAttribute("quantity", CxmlWriter.FormatQuantity(l.Ordered.Quantity)),
                new XAttribute("lineNumber", l.Ordered.LineNumber),
                new XElement("UnitOfMeasure", l.Ordered.Unit),
                ConfirmationStatuses(l, c.Currency)))
            : [];
        return new XElement("ConfirmationRequest", header, OrderReference(c.Order), items);
    }

    private static IEnumerable<XElement> ConfirmationStatuses(CxmlConfirmationLine line, string currency)
    {
        XElement Status(string type, decimal quantity, bool withPrice) => new("ConfirmationStatus",
            new XAttribute("quantity", CxmlWriter.FormatQuantity(quantity)),
            new XAttribute("type", type),
            type != CxmlConfirmationTypes.Reject && line.DeliveryDate is { } d ? new XAttribute("deliveryDate", CxmlWriter.FormatTimestamp(d)) : null,
            new XElement("UnitOfMeasure", line.Ordered.Unit),
            withPrice ? new XElement("UnitPrice", MoneyOf(line.ConfirmedUnitPrice, currency)) : null);

        var changed = line.ConfirmedQuantity != line.Ordered.Quantity || line.ConfirmedUnitPrice != line.Ordered.UnitPrice || line.DeliveryDate is not null;
        if (line.ConfirmedQuantity > 0)
        {
            yield return Status(changed ? CxmlConfirmationTypes.Detail : CxmlConfirmationTypes.Accept, line.ConfirmedQuantity, changed);
        }
        if (line.ConfirmedQuantity < line.Ordered.Quantity)
        {
            yield return Status(CxmlConfirmationTypes.Reject, line.Ordered.Quantity - line.ConfirmedQuantity, false);
        }
    }

    private static XElement ShipNotice(CxmlShipNotice s)
    {
        var control = !string.IsNullOrWhiteSpace(s.Carrier) && !string.IsNullOrWhiteSpace(s.TrackingNumber)
            ? new XElement("ShipControl",
                new XElement("CarrierIdentifier", new XAttribute("domain", "companyName"), s.Carrier),
                new XElement("ShipmentIdentifier", s.TrackingNumber))
            : null;
        return new XElement("ShipNoticeRequest",
            new XElement("ShipNoticeHeader",
                new XAttribute("shipmentID", s.ShipmentId),
                new XAttribute("operation", "new"),
                new XAttribute("noticeDate", CxmlWriter.FormatTimestamp(s.Timestamp)),
                new XAttribute("shipmentDate", CxmlWriter.FormatTimestamp(s.ShipmentDate)),
                new XAttribute("shipmentType", "actual")),
            control,
            new XElement("ShipNoticePortion",
                OrderReference(s.Order),
                s.Lines.Select(l => new XElement("ShipNoticeItem",
                    new XAttribute("quantity", CxmlWriter.FormatQuantity(l.Quantity)),
                    new XAttribute("lineNumber", l.LineNumber),
                    new XElement("ItemID", new XElement("SupplierPartID", l.Sku)),
                    new XElement("UnitOfMeasure", l.Unit)))));
    }

    private static XElement Invoice(CxmlInvoice i)
    {
        var amounts = InvoiceAmounts.Compute(i.Lines, i.Shipping, i.Tax, i.Currency);
        var items = i.Lines.Zip(amounts.Lines).Select((pair, index) =>
        {
            var (line, amount) = pair;
            return new XElement("InvoiceDetailItem",
                new XAttribute("invoiceLineNumber", index + 1),
                new XAttribute("quantity", CxmlWriter.FormatQuantity(line.Quantity)),
                new XElement("UnitOfMeasure", line.Unit),
                new XElement("UnitPrice", MoneyOf(amount.UnitPrice.Price, i.Currency)),
                amount.UnitPrice.PriceUnit == 1 ? null : new XElement("PriceBasisQuantity",
                    new XAttribute("quantity", CxmlWriter.FormatQuantity(amount.UnitPrice.PriceUnit)),
                    new XAttribute("conversionFactor", "1"),
                    new XElement("UnitOfMeasure", line.Unit)),
                new XElement("InvoiceDetailItemReference",
                    new XAttribute("lineNumber", line.LineNumber),
                    new XElement("ItemID", new XElement("SupplierPartID", line.Sku)),
                    new XElement("Description", new XAttribute(XmlNs + "lang", "en-US"), line.Description)),
                new XElement("SubtotalAmount", MoneyOf(amount.Subtotal, i.Currency)));
        });
        return new XElement("InvoiceDetailRequest",
            new XElement("InvoiceDetailRequestHeader",
                new XAttribute("invoiceID", i.InvoiceId),
                new XAttribute("purpose", "standard"),
                new XAttribute("operation", "new"),
                new XAttribute("invoiceDate", CxmlWriter.FormatTimestamp(i.InvoiceDate)),
                new XAttribute("invoiceOrigin", "supplier"),
                new XElement("InvoiceDetailHeaderIndicator"),
                new XElement("InvoiceDetailLineIndicator")),
            new XElement("InvoiceDetailOrder",
                new XElement("InvoiceDetailOrderInfo", OrderReference(i.Order)),
                items),
            new XElement("InvoiceDetailSummary",
                new XElement("SubtotalAmount", MoneyOf(amounts.Subtotal, i.Currency)),
                new XElement("Tax", MoneyOf(amounts.Tax, i.Currency), new XElement("Description", new XAttribute(XmlNs + "lang", "en-US"), "Tax")),
                amounts.Shipping == 0 ? null : new XElement("ShippingAmount", MoneyOf(amounts.Shipping, i.Currency)),
                new XElement("GrossAmount", MoneyOf(amounts.Gross, i.Currency)),
                new XElement("NetAmount", MoneyOf(amounts.Gross, i.Currency)),
                new XElement("DueAmount", MoneyOf(amounts.Gross, i.Currency))));
    }
}
