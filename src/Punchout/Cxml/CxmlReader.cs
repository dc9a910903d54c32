using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.Punchout.Xml;

namespace Portal.Punchout.Cxml;

/// <summary>
/// Reads cXML documents sent by procurement systems. Parsing goes through <see cref="SafeXml"/>: a DOCTYPE is
/// accepted but never fetched, any entity use is refused, size and depth are bounded. Reading is lenient the
/// way real buyer systems need: children are looked up by name in any order, credential domains are returned
/// as sent, timestamps with or without an offset are accepted, numbers use the invariant culture, unknown
/// elements are ignored and missing optional parts are null.
/// </summary>
public static partial class CxmlReader
{
    /// <summary>The largest document accepted, in bytes (streams) or characters (strings).</summary>
    public const long MaxDocumentSize = SafeXml.DefaultMaxCharacters;

    /// <summary>The deepest element nesting accepted.</summary>
    public const int MaxDepth = SafeXml.DefaultMaxDepth;

    private const int PrologScanLength = 64 * 1024;

    /// <summary>Reads a cXML document from <paramref name="stream"/> (at most <see cref="MaxDocumentSize"/> bytes).</summary>
    /// <exception cref="CxmlFormatException">406 when the XML is unparseable or hostile, 400 when it is not usable cXML.</exception>
    public static async Task<CxmlDocument> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxDocumentSize)
            {
                throw new CxmlFormatException(CxmlFormatException.NotAcceptable, $"The document is larger than {MaxDocumentSize} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }

        buffer.Position = LeadingNoise(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var start = buffer.Position;
        using (var prolog = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true))
        {
            var chars = new char[PrologScanLength];
            var count = prolog.ReadBlock(chars, 0, chars.Length);
            RefuseInternalSubset(new string(chars, 0, count));
        }

        buffer.Position = start;
        XDocument xml;
        try
        {
            xml = await SafeXml.LoadAsync(buffer, MaxDepth, MaxDocumentSize, cancellationToken).ConfigureAwait(false);
        }
        catch (UnsafeXmlException ex)
        {
            throw new CxmlFormatException(CxmlFormatException.NotAcceptable, "The XML could not be parsed: " + ex.Message, ex);
        }
        return Map(xml);
    }

    /// <summary>Reads a cXML document from a string (at most <see cref="MaxDocumentSize"/> characters).</summary>
    /// <exception cref="CxmlFormatException">406 when the XML is unparseable or hostile, 400 when it is not usable cXML.</exception>
    public static CxmlDocument Read(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        xml = xml.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (xml.Length > MaxDocumentSize)
        {
            throw new CxmlFormatException(CxmlFormatException.NotAcceptable, $"The document is larger than {MaxDocumentSize} characters.");
        }
        RefuseInternalSubset(xml.Length > PrologScanLength ? xml[..PrologScanLength] : xml);
        XDocument document;
        try
        {
            document = SafeXml.Parse(xml, MaxDepth, MaxDocumentSize);
        }
        catch (UnsafeXmlException ex)
        {
            throw new CxmlFormatException(CxmlFormatException.NotAcceptable, "The XML could not be parsed: " + ex.Message, ex);
        }
        return Map(document);
    }

    /// <summary>
    /// The length of a UTF-8 byte order mark and whitespace in front of the first '&lt;' (form-posted cXML often
    /// starts with a line break, which would otherwise make the XML declaration an error). Other encodings: 0.
    /// </summary>
    private static int LeadingNoise(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        return i < bytes.Length && bytes[i] == (byte)'<' ? i : 0;
    }

    /// <summary>
    /// cXML allows only the external DTD; an internal subset is where entity declarations (external, parameter,
    /// expansion bombs) live. SafeXml would ignore it, but such a document is hostile and is refused outright.
    /// </summary>
    private static void RefuseInternalSubset(string prolog)
    {
        var start = prolog.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (start < 0)
        {
            return;
        }
        char? quote = null;
        for (var i = start + "<!DOCTYPE".Length; i < prolog.Length; i++)
        {
            var c = prolog[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                continue;
            }
            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '>':
                    return;
                case '[':
                    throw new CxmlFormatException(CxmlFormatException.NotAcceptable,
                        "The XML could not be parsed: a DOCTYPE internal subset (entity declarations) is not accepted.");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Mapping

    private static CxmlDocument Map(XDocument xml)
    {
        var root = xml.Root ?? throw Bad("The document has no root element.");
        if (root.Name.LocalName != "cXML")
        {
            throw Bad($"The root element is <{root.Name.LocalName}>, not <cXML>.");
        }
        var payloadId = Attr(root, "payloadID") ?? throw Bad("cXML@payloadID is missing.");
        var timestamp = ParseDate(Attr(root, "timestamp") ?? throw Bad("cXML@timestamp is missing."), "cXML@timestamp");

        var header = Child(root, "Header");
        var request = Child(root, "Request");
        var response = Child(root, "Response");
        var message = Child(root, "Message");
        var bodies = (request is null ? 0 : 1) + (response is null ? 0 : 1) + (message is null ? 0 : 1);
        if (bodies != 1)
        {
            throw Bad("A cXML document needs exactly one of Request, Response or Message.");
        }

        return new CxmlDocument
        {
            PayloadId = payloadId,
            Timestamp = timestamp,
            Version = Attr(root, "version"),
            Lang = Attr(root, XNamespace.Xml + "lang"),
            Header = header is null ? null : ReadHeader(header),
            Request = request is null ? null : ReadRequest(request),
            DeploymentMode = Attr(request, "deploymentMode") ?? Attr(message, "deploymentMode"),
            Response = response is null ? null : ReadResponse(response),
            Message = message is null ? null : ReadMessage(message),
        };
    }

    private static CxmlHeader ReadHeader(XElement header) => new(
        Credentials(Child(header, "From")),
        Credentials(Child(header, "To")),
        Credentials(Child(header, "Sender")),
        Text(Child(Child(header, "Sender"), "UserAgent")));

    private static List<CxmlCredential> Credentials(XElement? parent) =>
        Children(parent, "Credential")
            .Select(c => new CxmlCredential(
                Attr(c, "domain") ?? "",
                Text(Child(c, "Identity")) ?? "",
                Text(Child(c, "SharedSecret"))))
            .ToList();

    private static CxmlRequest ReadRequest(XElement request)
    {
        var elements = request.Elements().ToList();
        if (elements.Count != 1)
        {
            throw Bad($"Request must contain exactly one request element, found {elements.Count}.");
        }
        var element = elements[0];
        return element.Name.LocalName switch
        {
            "ProfileRequest" => new ProfileRequest(),
            "PunchOutSetupRequest" => ReadSetupRequest(element),
            "OrderRequest" => ReadOrderRequest(element),
            var name => new UnsupportedRequest(name),
        };
    }

    private static PunchOutSetupRequest ReadSetupRequest(XElement e)
    {
        var cookie = Child(e, "BuyerCookie") ?? throw Bad("PunchOutSetupRequest/BuyerCookie is missing.");
        var cookieValue = Text(cookie) ?? throw Bad("PunchOutSetupRequest/BuyerCookie is empty.");
        var selected = Child(Child(e, "SelectedItem"), "ItemID");
        return new PunchOutSetupRequest
        {
            Operation = Attr(e, "operation") ?? "create",
            BuyerCookie = cookieValue,
            Extrinsics = Extrinsics(e),
            BrowserFormPostUrl = Text(Child(Child(e, "BrowserFormPost"), "URL")),
            Contacts = Children(e, "Contact").Select(ReadContact).ToList(),
            SupplierSetupUrl = Text(Child(Child(e, "SupplierSetup"), "URL")),
            ShipTo = ReadAddress(Child(Child(e, "ShipTo"), "Address")),
            SelectedItem = selected is null ? null : ReadItemId(selected),
            Items = Children(e, "ItemOut").Select(ReadItemOut).ToList(),
        };
    }

    private static OrderRequest ReadOrderRequest(XElement e)
    {
        var h = Child(e, "OrderRequestHeader") ?? throw Bad("OrderRequest/OrderRequestHeader is missing.");
        var orderDate = Attr(h, "orderDate");
        var version = Attr(h, "orderVersion");
        var header = new CxmlOrderRequestHeader
        {
            OrderId = Attr(h, "orderID") ?? throw Bad("OrderRequestHeader@orderID is missing."),
            OrderDate = orderDate is null
                ? ParseDate(Attr(e.Document?.Root, "timestamp") ?? throw Bad("OrderRequestHeader@orderDate is missing."), "cXML@timestamp")
                : ParseDate(orderDate, "OrderRequestHeader@orderDate"),
            Type = Attr(h, "type") ?? "new",
            OrderVersion = version is null ? null : (int)ParseDecimal(version, "OrderRequestHeader@orderVersion"),
            Total = ReadMoney(Child(Child(h, "Total"), "Money"), "OrderRequestHeader/Total/Money"),
            ShipTo = ReadAddress(Child(Child(h, "ShipTo"), "Address")),
            BillTo = ReadAddress(Child(Child(h, "BillTo"), "Address")),
            Contacts = Children(h, "Contact").Select(ReadContact).ToList(),
            Comments = ReadComments(h),
            DocumentReferencePayloadId = Attr(Child(h, "DocumentReference"), "payloadID"),
            Extrinsics = Extrinsics(h),
        };
        return new OrderRequest
        {
            Header = header,
            Items = Children(e, "ItemOut").Select(ReadItemOut).ToList(),
        };
    }

    private static CxmlItemOut ReadItemOut(XElement e)
    {
        var line = Attr(e, "lineNumber");
        var delivery = Attr(e, "requestedDeliveryDate");
        var detail = Child(e, "ItemDetail");
        return new CxmlItemOut
        {
            Quantity = ParseDecimal(Attr(e, "quantity") ?? throw Bad("ItemOut@quantity is missing."), "ItemOut@quantity"),
            LineNumber = line is null ? null : ParseInt(line, "ItemOut@lineNumber"),
            RequestedDeliveryDate = delivery is null ? null : ParseDate(delivery, "ItemOut@requestedDeliveryDate"),
            ItemId = ReadItemId(Child(e, "ItemID") ?? throw Bad("ItemOut/ItemID is missing.")),
            Detail = detail is null ? null : ReadItemDetail(detail),
            ShipTo = ReadAddress(Child(Child(e, "ShipTo"), "Address")),
            Distributions = Children(e, "Distribution").Select(ReadDistribution).ToList(),
            Comments = ReadComments(e),
        };
    }

    private static CxmlItemIn ReadItemIn(XElement e)
    {
        var line = Attr(e, "lineNumber");
        return new CxmlItemIn
        {
            Quantity = ParseDecimal(Attr(e, "quantity") ?? throw Bad("ItemIn@quantity is missing."), "ItemIn@quantity"),
            LineNumber = line is null ? null : ParseInt(line, "ItemIn@lineNumber"),
            ItemId = ReadItemId(Child(e, "ItemID") ?? throw Bad("ItemIn/ItemID is missing.")),
            Detail = ReadItemDetail(Child(e, "ItemDetail") ?? throw Bad("ItemIn/ItemDetail is missing.")),
        };
    }

    private static CxmlItemId ReadItemId(XElement e) => new(
        Text(Child(e, "SupplierPartID")) ?? throw Bad("ItemID/SupplierPartID is missing."),
        Text(Child(e, "SupplierPartAuxiliaryID")),
        Text(Child(e, "BuyerPartID")));

    private static CxmlItemDetail ReadItemDetail(XElement e)
    {
        var description = Child(e, "Description");
        var basis = Attr(Child(e, "PriceBasisQuantity"), "quantity");
        var leadTime = Text(Child(e, "LeadTime"));
        return new CxmlItemDetail
        {
            UnitPrice = ReadMoney(Child(Child(e, "UnitPrice"), "Money"), "ItemDetail/UnitPrice/Money"),
            Description = DirectText(description) ?? "",
            DescriptionLang = Attr(description, XNamespace.Xml + "lang"),
            UnitOfMeasure = Text(Child(e, "UnitOfMeasure")) ?? "",
            PriceBasisQuantity = basis is null ? null : ParseDecimal(basis, "PriceBasisQuantity@quantity"),
            Classifications = Children(e, "Classification")
                .Select(c => new CxmlClassification(Attr(c, "domain") ?? "", Text(c) ?? Attr(c, "code") ?? ""))
                .ToList(),
            ManufacturerPartId = Text(Child(e, "ManufacturerPartID")),
            ManufacturerName = Text(Child(e, "ManufacturerName")),
            Url = Text(Child(e, "URL")),
            LeadTimeDays = leadTime is null ? null : ParseInt(leadTime, "ItemDetail/LeadTime"),
            Extrinsics = Extrinsics(e),
        };
    }

    private static CxmlDistribution ReadDistribution(XElement e)
    {
        var accounting = Child(e, "Accounting");
        var segments = Children(accounting, "AccountingSegment")
            .Select(s => new CxmlAccountingSegment(Attr(s, "id") ?? "", Text(Child(s, "Name")), Text(Child(s, "Description"))))
            .Concat(Children(accounting, "Segment") // the pre-1.2.011 form: Segment@type @id @description
                .Select(s => new CxmlAccountingSegment(Attr(s, "id") ?? "", Attr(s, "type"), Attr(s, "description"))))
            .ToList();
        var charge = Child(Child(e, "Charge"), "Money");
        return new CxmlDistribution(Attr(accounting, "name"), segments, charge is null ? null : ReadMoney(charge, "Distribution/Charge/Money"));
    }

    private static CxmlContact ReadContact(XElement e) =>
        new(Attr(e, "role"), Text(Child(e, "Name")), Text(Child(e, "Email")));

    private static CxmlAddress? ReadAddress(XElement? e)
    {
        if (e is null)
        {
            return null;
        }
        var postal = Child(e, "PostalAddress");
        var country = Child(postal, "Country");
        return new CxmlAddress
        {
            AddressId = Attr(e, "addressID"),
            Name = Text(Child(e, "Name")),
            DeliverTo = Children(postal, "DeliverTo").Select(Text).OfType<string>().ToList(),
            Street = Children(postal, "Street").Select(Text).OfType<string>().ToList(),
            City = Text(Child(postal, "City")),
            State = Text(Child(postal, "State")),
            PostalCode = Text(Child(postal, "PostalCode")),
            CountryCode = Attr(country, "isoCountryCode") ?? Attr(e, "isoCountryCode"),
            Country = Text(country),
            Email = Text(Child(e, "Email")),
        };
    }

    private static CxmlResponse ReadResponse(XElement e)
    {
        var status = Child(e, "Status") ?? throw Bad("Response/Status is missing.");
        var code = ParseInt(Attr(status, "code") ?? throw Bad("Status@code is missing."), "Status@code");
        CxmlResponseBody? body = null;
        if (Child(e, "PunchOutSetupResponse") is { } setup)
        {
            body = new PunchOutSetupResponse(Text(Child(Child(setup, "StartPage"), "URL"))
                ?? throw Bad("PunchOutSetupResponse/StartPage/URL is missing."));
        }
        else if (Child(e, "ProfileResponse") is { } profile)
        {
            var effective = Attr(profile, "effectiveDate");
            body = new ProfileResponse(
                effective is null ? DateTimeOffset.UnixEpoch : ParseDate(effective, "ProfileResponse@effectiveDate"),
                Children(profile, "Transaction")
                    .Select(t => new CxmlProfileTransaction(Attr(t, "requestName") ?? "", Text(Child(t, "URL")) ?? ""))
                    .ToList());
        }
        return new CxmlResponse(new CxmlStatus(code, Attr(status, "text") ?? "", Text(status)), body);
    }

    private static PunchOutOrderMessage ReadMessage(XElement e)
    {
        var pooM = Child(e, "PunchOutOrderMessage");
        if (pooM is null)
        {
            var name = e.Elements().FirstOrDefault(c => c.Name.LocalName != "Status")?.Name.LocalName ?? "(none)";
            throw Bad($"Message {name} is not supported; only PunchOutOrderMessage is.");
        }
        var header = Child(pooM, "PunchOutOrderMessageHeader") ?? throw Bad("PunchOutOrderMessage/PunchOutOrderMessageHeader is missing.");
        return new PunchOutOrderMessage
        {
            BuyerCookie = Text(Child(pooM, "BuyerCookie")) ?? throw Bad("PunchOutOrderMessage/BuyerCookie is missing."),
            OperationAllowed = Attr(header, "operationAllowed") ?? "create",
            Total = ReadMoney(Child(Child(header, "Total"), "Money"), "PunchOutOrderMessageHeader/Total/Money"),
            Items = Children(pooM, "ItemIn").Select(ReadItemIn).ToList(),
        };
    }

    // ---------------------------------------------------------------------------------------------------
    // Helpers: lookups by local name in any order, trimmed text, invariant numbers, lenient timestamps

    private static XElement? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static IEnumerable<XElement> Children(XElement? parent, string name) =>
        parent is null ? [] : parent.Elements().Where(e => e.Name.LocalName == name);

    private static string? Attr(XElement? e, XName name)
    {
        var value = e?.Attribute(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>All text inside the element, trimmed; null when absent or empty.</summary>
    private static string? Text(XElement? e)
    {
        var value = e?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Only the element's own text (Description is mixed content with an optional ShortName).</summary>
    private static string? DirectText(XElement? e)
    {
        if (e is null)
        {
            return null;
        }
        var value = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value)).Trim();
        return value.Length == 0 ? Text(e) : value;
    }

    private static string? ReadComments(XElement parent)
    {
        var comments = Children(parent, "Comments").Select(DirectText).OfType<string>().ToList();
        return comments.Count == 0 ? null : string.Join("\n", comments);
    }

    private static List<CxmlExtrinsic> Extrinsics(XElement parent) =>
        Children(parent, "Extrinsic").Select(x => new CxmlExtrinsic(Attr(x, "name") ?? "", Text(x) ?? "")).ToList();

    private static CxmlMoney ReadMoney(XElement? money, string what)
    {
        if (money is null)
        {
            throw Bad($"{what} is missing.");
        }
        var currency = Attr(money, "currency") ?? throw Bad($"{what}@currency is missing.");
        return new CxmlMoney(ParseDecimal(money.Value, what), currency);
    }

    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
        | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private static decimal ParseDecimal(string value, string what) =>
        decimal.TryParse(value, DecimalStyle, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Bad($"{what} is not a number: '{Clip(value)}'.");

    private static int ParseInt(string value, string what)
    {
        var number = ParseDecimal(value, what);
        return number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw Bad($"{what} is not a whole number: '{Clip(value)}'.");
    }

    /// <summary>
    /// ISO 8601 with <c>+01:00</c>, <c>+0100</c>, <c>Z</c> or no offset (taken as UTC), with or without
    /// fractional seconds (more than 7 digits are cut), or a plain date.
    /// </summary>
    private static DateTimeOffset ParseDate(string value, string what)
    {
        var text = value.Trim();
        text = LongFraction().Replace(text, m => m.Groups[1].Value);
        text = OffsetWithoutColon().Replace(text, m => $"{m.Groups[1].Value}:{m.Groups[2].Value}");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var result)
            ? result
            : throw Bad($"{what} is not an ISO 8601 date and time: '{Clip(value)}'.");
    }

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex LongFraction();

    [GeneratedRegex(@"(T.*[+-]\d{2})(\d{2})$")]
    private static partial Regex OffsetWithoutColon();

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static CxmlFormatException Bad(string message) => new(CxmlFormatException.BadRequest, message);
}
