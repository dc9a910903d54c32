using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Portal.Punchout.Cxml;

/// <summary>
/// Writes cXML documents that validate against the cXML <see cref="CxmlVersion.Current"/> DTD: UTF-8 without
/// BOM, the DOCTYPE of <see cref="CxmlVersion.DtdSystemId"/>, elements in DTD order, timestamps as ISO 8601 with
/// offset and no fractional seconds, numbers in the invariant culture.
/// </summary>
public static class CxmlWriter
{
    private static readonly XNamespace XmlNs = XNamespace.Xml;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly byte[] Declaration = Utf8NoBom.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    /// <summary>The document as a string (starting with the UTF-8 XML declaration).</summary>
    /// <exception cref="ArgumentException">The document cannot be written as valid cXML (e.g. no body, missing header).</exception>
    public static string WriteToString(CxmlDocument doc) => Utf8NoBom.GetString(WriteToUtf8Bytes(doc));

    /// <summary>The document as UTF-8 bytes without byte order mark.</summary>
    /// <exception cref="ArgumentException">The document cannot be written as valid cXML (e.g. no body, missing header).</exception>
    public static byte[] WriteToUtf8Bytes(CxmlDocument doc)
    {
        var root = Build(doc);
        ReplaceCharactersXmlCannotCarry(root);
        using var buffer = new MemoryStream();
        buffer.Write(Declaration);
        var settings = new XmlWriterSettings
        {
            Encoding = Utf8NoBom,
            OmitXmlDeclaration = true,
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            ConformanceLevel = ConformanceLevel.Document,
            CloseOutput = false,
        };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteDocType("cXML", null, CxmlVersion.DtdSystemId, null);
            root.WriteTo(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>Writes the document to <paramref name="stream"/> as UTF-8 without byte order mark.</summary>
    /// <exception cref="ArgumentException">The document cannot be written as valid cXML (e.g. no body, missing header).</exception>
    public static async Task WriteAsync(CxmlDocument doc, Stream stream, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = WriteToUtf8Bytes(doc);
        await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
    }

    /// <summary>An ISO 8601 timestamp with offset and without fractional seconds, e.g. 2026-11-30T12:00:00+00:00.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>An amount with at least two decimals and no precision lost (12 → 12.00, 0.0125 → 0.0125).</summary>
    public static string FormatMoney(decimal amount)
    {
        var normalized = Normalize(amount);
        return normalized.Scale < 2
            ? normalized.ToString("0.00", CultureInfo.InvariantCulture)
            : normalized.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A quantity without trailing zeros (1.000 → 1, 2.50 → 2.5).</summary>
    public static string FormatQuantity(decimal quantity) => Normalize(quantity).ToString(CultureInfo.InvariantCulture);

    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>
    /// Text XML 1.0 cannot carry (an unpaired surrogate, a control character) becomes U+FFFD, so the document is
    /// always written: a Status quoting what a buyer sent (the parser's message names the bad character, such as
    /// a <c>&amp;#xD800;</c> reference) made the writer throw, and the buyer got an HTTP 500 instead of a 406.
    /// </summary>
    private static void ReplaceCharactersXmlCannotCarry(XElement root)
    {
        foreach (var element in root.DescendantsAndSelf())
        {
            foreach (var attribute in element.Attributes())
            {
                if (XmlText(attribute.Value) is var value && !ReferenceEquals(value, attribute.Value))
                {
                    attribute.Value = value;
                }
            }
            foreach (var text in element.Nodes().OfType<XText>())
            {
                if (XmlText(text.Value) is var value && !ReferenceEquals(value, text.Value))
                {
                    text.Value = value;
                }
            }
        }
    }

    /// <summary>The text with every character XML cannot carry replaced by U+FFFD; the same instance when there is none.</summary>
    private static string XmlText(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                builder?.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder?.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                builder.Append('\uFFFD');
            }
        }
        return builder?.ToString() ?? text;
    }

    // ---------------------------------------------------------------------------------------------------

    private static XElement Build(CxmlDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentException.ThrowIfNullOrWhiteSpace(doc.PayloadId, nameof(doc));
        var bodies = (doc.Request is null ? 0 : 1) + (doc.Response is null ? 0 : 1) + (doc.Message is null ? 0 : 1);
        if (bodies != 1)
        {
            throw new ArgumentException("A cXML document needs exactly one of Request, Response or Message.", nameof(doc));
        }
        var lang = doc.Lang ?? "en-US";
        var root = new XElement("cXML",
            new XAttribute("payloadID", doc.PayloadId),
            new XAttribute("timestamp", FormatTimestamp(doc.Timestamp)),
            new XAttribute("version", doc.Version ?? CxmlVersion.Current),
            new XAttribute(XmlNs + "lang", lang));

        if (doc.Response is not null)
        {
            root.Add(WriteResponse(doc.Response, lang));
            return root;
        }

        var header = doc.Header ?? throw new ArgumentException("Requests and messages need a Header.", nameof(doc));
        root.Add(WriteHeader(header));
        if (doc.Request is not null)
        {
            root.Add(new XElement("Request",
                Optional("deploymentMode", doc.DeploymentMode),
                WriteRequest(doc.Request, lang)));
        }
        else
        {
            root.Add(new XElement("Message",
                Optional("deploymentMode", doc.DeploymentMode),
                WriteOrderMessage(doc.Message!)));
        }
        return root;
    }

    private static XElement WriteHeader(CxmlHeader header) => new("Header",
        new XElement("From", Credentials(header.From, "From")),
        new XElement("To", Credentials(header.To, "To")),
        new XElement("Sender",
            Credentials(header.Sender, "Sender"),
            new XElement("UserAgent", header.UserAgent ?? "Portal")));

    private static IEnumerable<XElement> Credentials(IReadOnlyList<CxmlCredential> credentials, string where)
    {
        if (credentials is null || credentials.Count == 0)
        {
            throw new ArgumentException($"Header/{where} needs at least one Credential.", nameof(credentials));
        }
        return credentials.Select(c => new XElement("Credential",
            new XAttribute("domain", c.Domain),
            new XElement("Identity", c.Identity),
            c.SharedSecret is null ? null : new XElement("SharedSecret", c.SharedSecret)));
    }

    private static XElement WriteRequest(CxmlRequest request, string lang) => request switch
    {
        ProfileRequest => new XElement("ProfileRequest"),
        PunchOutSetupRequest setup => WriteSetupRequest(setup, lang),
        OrderRequest order => WriteOrderRequest(order, lang),
        UnsupportedRequest unsupported => throw new ArgumentException($"The request {unsupported.ElementName} cannot be written.", nameof(request)),
        _ => throw new ArgumentException($"Unknown request type {request.GetType().Name}.", nameof(request)),
    };

    private static XElement WriteSetupRequest(PunchOutSetupRequest r, string lang) => new("PunchOutSetupRequest",
        new XAttribute("operation", r.Operation),
        new XElement("BuyerCookie", r.BuyerCookie),
        Extrinsics(r.Extrinsics),
        r.BrowserFormPostUrl is null ? null : new XElement("BrowserFormPost", new XElement("URL", r.BrowserFormPostUrl)),
        r.Contacts.Select(c => WriteContact(c, lang)),
        r.SupplierSetupUrl is null ? null : new XElement("SupplierSetup", new XElement("URL", r.SupplierSetupUrl)),
        r.ShipTo is null ? null : new XElement("ShipTo", WriteAddress(r.ShipTo, lang)),
        r.SelectedItem is null ? null : new XElement("SelectedItem", WriteItemId(r.SelectedItem)),
        r.Items.Select(i => WriteItemOut(i, lang, null)));

    private static XElement WriteOrderRequest(OrderRequest r, string lang)
    {
        var h = r.Header;
        return new XElement("OrderRequest",
            new XElement("OrderRequestHeader",
                new XAttribute("orderID", h.OrderId),
                new XAttribute("orderDate", FormatTimestamp(h.OrderDate)),
                new XAttribute("type", h.Type),
                h.OrderVersion is { } version ? new XAttribute("orderVersion", version.ToString(CultureInfo.InvariantCulture)) : null,
                h.RequestedDeliveryDate is { } delivery ? new XAttribute("requestedDeliveryDate", FormatTimestamp(delivery)) : null,
                new XElement("Total", WriteMoney(h.Total)),
                h.ShipTo is null ? null : new XElement("ShipTo", WriteAddress(h.ShipTo, lang)),
                // BillTo is required by the DTD; an order without one gets an empty named address.
                new XElement("BillTo", WriteAddress(h.BillTo ?? new CxmlAddress(), lang)),
                h.Contacts.Select(c => WriteContact(c, lang)),
                h.Comments is null ? null : new XElement("Comments", new XAttribute(XmlNs + "lang", lang), h.Comments),
                h.DocumentReferencePayloadId is null ? null : new XElement("DocumentReference", new XAttribute("payloadID", h.DocumentReferencePayloadId)),
                Extrinsics(h.Extrinsics)),
            r.Items.Select(i => WriteItemOut(i, lang, h.Total.Currency)));
    }

    private static XElement WriteItemOut(CxmlItemOut item, string lang, string? currency) => new("ItemOut",
        new XAttribute("quantity", FormatQuantity(item.Quantity)),
        item.LineNumber is { } line ? new XAttribute("lineNumber", line.ToString(CultureInfo.InvariantCulture)) : null,
        item.RequestedDeliveryDate is { } date ? new XAttribute("requestedDeliveryDate", FormatTimestamp(date)) : null,
        WriteItemId(item.ItemId),
        item.Detail is null ? null : WriteItemDetail(item.Detail),
        item.ShipTo is null ? null : new XElement("ShipTo", WriteAddress(item.ShipTo, lang)),
        item.Distributions.Select(d => WriteDistribution(d, lang, item.Detail?.UnitPrice.Currency ?? currency ?? "USD")),
        item.Comments is null ? null : new XElement("Comments", new XAttribute(XmlNs + "lang", lang), item.Comments));

    private static XElement WriteItemIn(CxmlItemIn item) => new("ItemIn",
        new XAttribute("quantity", FormatQuantity(item.Quantity)),
        item.LineNumber is { } line ? new XAttribute("lineNumber", line.ToString(CultureInfo.InvariantCulture)) : null,
        WriteItemId(item.ItemId),
        WriteItemDetail(item.Detail));

    private static XElement WriteItemId(CxmlItemId id) => new("ItemID",
        new XElement("SupplierPartID", id.SupplierPartId),
        id.SupplierPartAuxiliaryId is null ? null : new XElement("SupplierPartAuxiliaryID", id.SupplierPartAuxiliaryId),
        id.BuyerPartId is null ? null : new XElement("BuyerPartID", id.BuyerPartId));

    private static XElement WriteItemDetail(CxmlItemDetail d) => new("ItemDetail",
        new XElement("UnitPrice", WriteMoney(d.UnitPrice)),
        new XElement("Description", new XAttribute(XmlNs + "lang", d.DescriptionLang ?? "en"), d.Description),
        new XElement("UnitOfMeasure", d.UnitOfMeasure),
        d.PriceBasisQuantity is { } basis
            ? new XElement("PriceBasisQuantity",
                new XAttribute("quantity", FormatQuantity(basis)),
                new XAttribute("conversionFactor", "1"),
                new XElement("UnitOfMeasure", d.UnitOfMeasure))
            : null,
        d.Classifications.Select(c => new XElement("Classification", new XAttribute("domain", c.Domain), c.Code)),
        d.ManufacturerPartId is null ? null : new XElement("ManufacturerPartID", d.ManufacturerPartId),
        d.ManufacturerName is null ? null : new XElement("ManufacturerName", d.ManufacturerName),
        d.Url is null ? null : new XElement("URL", d.Url),
        d.LeadTimeDays is { } lead ? new XElement("LeadTime", lead.ToString(CultureInfo.InvariantCulture)) : null,
        Extrinsics(d.Extrinsics));

    /// <summary>Distribution requires a Charge; when the model has none, 0 in the line's currency is written.</summary>
    private static XElement WriteDistribution(CxmlDistribution d, string lang, string currency) => new("Distribution",
        new XElement("Accounting",
            new XAttribute("name", d.AccountingName ?? ""),
            d.Segments.Select(s => new XElement("AccountingSegment",
                new XAttribute("id", s.Id),
                new XElement("Name", new XAttribute(XmlNs + "lang", lang), s.Name ?? ""),
                new XElement("Description", new XAttribute(XmlNs + "lang", lang), s.Description ?? "")))),
        new XElement("Charge", WriteMoney(d.Charge ?? new CxmlMoney(0m, currency))));

    private static XElement WriteContact(CxmlContact c, string lang) => new("Contact",
        Optional("role", c.Role),
        new XElement("Name", new XAttribute(XmlNs + "lang", lang), c.Name ?? ""),
        c.Email is null ? null : new XElement("Email", c.Email));

    /// <summary>Address(Name, PostalAddress?, Email?): PostalAddress is written when any postal part is known.</summary>
    private static XElement WriteAddress(CxmlAddress a, string lang)
    {
        var hasPostal = a.DeliverTo.Count > 0 || a.Street.Count > 0 || a.City is not null || a.State is not null
            || a.PostalCode is not null || a.CountryCode is not null || a.Country is not null;
        return new XElement("Address",
            a.CountryCode is null ? null : new XAttribute("isoCountryCode", a.CountryCode),
            Optional("addressID", a.AddressId),
            new XElement("Name", new XAttribute(XmlNs + "lang", lang), a.Name ?? ""),
            hasPostal
                ? new XElement("PostalAddress",
                    a.DeliverTo.Select(d => new XElement("DeliverTo", d)),
                    a.Street.Count > 0 ? a.Street.Select(s => new XElement("Street", s)) : [new XElement("Street")],
                    new XElement("City", a.City ?? ""),
                    a.State is null ? null : new XElement("State", a.State),
                    a.PostalCode is null ? null : new XElement("PostalCode", a.PostalCode),
                    new XElement("Country", new XAttribute("isoCountryCode", a.CountryCode ?? ""), a.Country ?? a.CountryCode ?? ""))
                : null,
            a.Email is null ? null : new XElement("Email", a.Email));
    }

    private static XElement WriteResponse(CxmlResponse response, string lang) => new("Response",
        new XElement("Status",
            new XAttribute("code", response.Status.Code.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("text", response.Status.Text),
            response.Status.Message is null ? null : new XAttribute(XmlNs + "lang", lang),
            response.Status.Message),
        response.Body switch
        {
            null => null,
            PunchOutSetupResponse setup => new XElement("PunchOutSetupResponse",
                new XElement("StartPage", new XElement("URL", setup.StartPageUrl))),
            ProfileResponse profile => WriteProfileResponse(profile),
            var other => throw new ArgumentException($"Unknown response body {other.GetType().Name}.", nameof(response)),
        });

    private static XElement WriteProfileResponse(ProfileResponse profile)
    {
        if (profile.Transactions.Count == 0)
        {
            throw new ArgumentException("ProfileResponse needs at least one Transaction.", nameof(profile));
        }
        return new XElement("ProfileResponse",
            new XAttribute("effectiveDate", FormatTimestamp(profile.EffectiveDate)),
            profile.Transactions.Select(t => new XElement("Transaction",
                new XAttribute("requestName", t.RequestName),
                new XElement("URL", t.Url))));
    }

    private static XElement WriteOrderMessage(PunchOutOrderMessage m) => new("PunchOutOrderMessage",
        new XElement("BuyerCookie", m.BuyerCookie),
        new XElement("PunchOutOrderMessageHeader",
            new XAttribute("operationAllowed", m.OperationAllowed),
            Optional("quoteStatus", m.QuoteStatus),
            new XElement("Total", WriteMoney(m.Total))),
        m.Items.Select(WriteItemIn));

    private static XElement WriteMoney(CxmlMoney money) =>
        new("Money", new XAttribute("currency", money.Currency), FormatMoney(money.Amount));

    private static IEnumerable<XElement> Extrinsics(IReadOnlyList<CxmlExtrinsic> extrinsics) =>
        extrinsics.Select(e => new XElement("Extrinsic", new XAttribute("name", e.Name), e.Value));

    private static XAttribute? Optional(string name, string? value) => value is null ? null : new XAttribute(name, value);
}
