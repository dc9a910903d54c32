using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Punchout.Cxml;

/// <summary>Mapping of the parsed XML onto the cXML model.</summary>
public static partial class CxmlReader
{
    // Mapping

    private static CxmlDocument Map(CxmlElement? xml)
    {
        var root = xml ?? throw Bad("The document has no root element.");
        if (root.LocalName != "cXML")
        {
            throw Bad($"The root element is <{root.LocalName}>, not <cXML>.");
        }
        var payloadId = Attr(root, "payloadID") ?? throw Bad("cXML@payloadID is missing.");
        // The timestamp is informational: a missing or unreadable one never refuses a document (UnixEpoch: unknown).
        var timestamp = TryParseDate(Attr(root, "timestamp")) ?? DateTimeOffset.UnixEpoch;

        var header = Child(root, "Header");
        var request = Child(root, "Request");
        var response = Child(root, "Response");
        var message = Child(root, "Message");
        // Lenient: a request element straight under cXML, without its Request wrapper (as in a published Coupa sample), is that request.
        var bare = request is null && response is null && message is null
            ? root.Elements().FirstOrDefault(e => e.LocalName is "OrderRequest" or "PunchOutSetupRequest" or "ProfileRequest")
            : null;
        var bodies = (request is null ? 0 : 1) + (response is null ? 0 : 1) + (message is null ? 0 : 1) + (bare is null ? 0 : 1);
        if (bodies != 1)
        {
            throw Bad("A cXML document needs exactly one of Request, Response or Message.");
        }

        return new CxmlDocument
        {
            PayloadId = payloadId,
            Timestamp = timestamp,
            Version = Attr(root, "version"),
            Lang = Attr(root, "lang", CxmlElement.XmlNamespace),
            Header = header is null ? null : ReadHeader(header),
            Request = request is not null ? ReadRequest(request) : bare is not null ? ReadRequestElement(bare) : null,
            DeploymentMode = Attr(request, "deploymentMode") ?? Attr(message, "deploymentMode"),
            Response = response is null ? null : ReadResponse(response),
            Message = message is null ? null : ReadMessage(message),
        };
    }

    private static CxmlHeader ReadHeader(CxmlElement header) => new(
        Credentials(Child(header, "From")),
        Credentials(Child(header, "To")),
        Credentials(Child(header, "Sender")),
        Text(Child(Child(header, "Sender"), "UserAgent")));

    private static List<CxmlCredential> Credentials(CxmlElement? parent) =>
        All(parent, "Credential", static c => new CxmlCredential(
            Attr(c, "domain") ?? "",
            Text(Child(c, "Identity")) ?? "",
            Text(Child(c, "SharedSecret"))));

    private static CxmlRequest ReadRequest(CxmlElement request)
    {
        var elements = request.Elements().ToList();
        if (elements.Count != 1)
        {
            throw Bad($"Request must contain exactly one request element, found {elements.Count}.");
        }
        return ReadRequestElement(elements[0]);
    }

    private static CxmlRequest ReadRequestElement(CxmlElement element)
    {
        return element.LocalName switch
        {
            "ProfileRequest" => new ProfileRequest(),
            "PunchOutSetupRequest" => ReadSetupRequest(element),
            "OrderRequest" => ReadOrderRequest(element),
            var name => new UnsupportedRequest(name),
        };
    }

    private static PunchOutSetupRequest ReadSetupRequest(CxmlElement e)
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
            Contacts = All(e, "Contact", ReadContact),
            SupplierSetupUrl = Text(Child(Child(e, "SupplierSetup"), "URL")),
            ShipTo = ReadAddress(Child(Child(e, "ShipTo"), "Address")),
            SelectedItem = selected is null ? null : ReadItemId(selected),
            Items = All(e, "ItemOut", ReadItemOut),
        };
    }

    private static OrderRequest ReadOrderRequest(CxmlElement e)
    {
        var h = Child(e, "OrderRequestHeader") ?? throw Bad("OrderRequest/OrderRequestHeader is missing.");
        var orderDate = Attr(h, "orderDate");
        var version = Attr(h, "orderVersion");
        var delivery = ReadLenientDate(Attr(h, "requestedDeliveryDate"));
        var header = new CxmlOrderRequestHeader
        {
            OrderId = Attr(h, "orderID") ?? throw Bad("OrderRequestHeader@orderID is missing."),
            // Lenient: an unreadable orderDate falls back to the document's timestamp, then to "unknown".
            OrderDate = TryParseDate(orderDate) ?? TryParseDate(Attr(e.Root, "timestamp")) ?? DateTimeOffset.UnixEpoch,
            Type = Attr(h, "type") ?? "new",
            RequestedDeliveryDate = delivery.Date,
            UnreadableDeliveryDate = delivery.Unreadable,
            OrderVersion = version is null ? null : (int)ParseDecimal(version, "OrderRequestHeader@orderVersion"),
            Total = ReadMoney(Child(Child(h, "Total"), "Money"), "OrderRequestHeader/Total/Money"),
            ShipTo = ReadAddress(Child(Child(h, "ShipTo"), "Address")),
            BillTo = ReadAddress(Child(Child(h, "BillTo"), "Address")),
            Contacts = All(h, "Contact", ReadContact),
            Comments = ReadComments(h),
            Attachments = ReadAttachments(h),
            DocumentReferencePayloadId = Attr(Child(h, "DocumentReference"), "payloadID"),
            Extrinsics = Extrinsics(h),
        };
        return new OrderRequest
        {
            Header = header,
            Items = All(e, "ItemOut", ReadItemOut),
        };
    }

    private static CxmlItemOut ReadItemOut(CxmlElement e)
    {
        var line = Attr(e, "lineNumber");
        var delivery = ReadLenientDate(Attr(e, "requestedDeliveryDate"));
        var detail = Child(e, "ItemDetail");
        return new CxmlItemOut
        {
            Quantity = ParseDecimal(Attr(e, "quantity") ?? throw Bad("ItemOut@quantity is missing."), "ItemOut@quantity"),
            LineNumber = line is null ? null : ParseInt(line, "ItemOut@lineNumber"),
            RequestedDeliveryDate = delivery.Date,
            UnreadableDeliveryDate = delivery.Unreadable,
            ItemId = ReadItemId(Child(e, "ItemID") ?? throw Bad("ItemOut/ItemID is missing.")),
            Detail = detail is null ? null : ReadItemDetail(detail),
            ShipTo = ReadAddress(Child(Child(e, "ShipTo"), "Address")),
            Distributions = All(e, "Distribution", ReadDistribution),
            Comments = ReadComments(e),
            Attachments = ReadAttachments(e),
        };
    }

    private static CxmlItemIn ReadItemIn(CxmlElement e)
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

    private static CxmlItemId ReadItemId(CxmlElement e) => new(
        Text(Child(e, "SupplierPartID")) ?? throw Bad("ItemID/SupplierPartID is missing."),
        Text(Child(e, "SupplierPartAuxiliaryID")),
        Text(Child(e, "BuyerPartID")));

    private static CxmlItemDetail ReadItemDetail(CxmlElement e)
    {
        var description = Child(e, "Description");
        var basis = Attr(Child(e, "PriceBasisQuantity"), "quantity");
        var leadTime = Text(Child(e, "LeadTime"));
        return new CxmlItemDetail
        {
            UnitPrice = ReadMoney(Child(Child(e, "UnitPrice"), "Money"), "ItemDetail/UnitPrice/Money"),
            Description = DirectText(description) ?? "",
            DescriptionLang = Attr(description, "lang", CxmlElement.XmlNamespace),
            UnitOfMeasure = Text(Child(e, "UnitOfMeasure")) ?? "",
            PriceBasisQuantity = basis is null ? null : ParseDecimal(basis, "PriceBasisQuantity@quantity"),
            Classifications = All(e, "Classification", static c => new CxmlClassification(Attr(c, "domain") ?? "", Text(c) ?? Attr(c, "code") ?? "")),
            ManufacturerPartId = Text(Child(e, "ManufacturerPartID")),
            ManufacturerName = Text(Child(e, "ManufacturerName")),
            Url = Text(Child(e, "URL")),
            LeadTimeDays = leadTime is null ? null : ParseInt(leadTime, "ItemDetail/LeadTime"),
            Extrinsics = Extrinsics(e),
        };
    }

    private static CxmlDistribution ReadDistribution(CxmlElement e)
    {
        var accounting = Child(e, "Accounting");
        var segments = All(accounting, "AccountingSegment",
            static s => new CxmlAccountingSegment(Attr(s, "id") ?? "", Text(Child(s, "Name")), Text(Child(s, "Description"))));
        for (var s = Child(accounting, "Segment"); s is not null; s = s.NextSibling("Segment"))
        {
            // the pre-1.2.011 form: Segment@type @id @description
            segments.Add(new CxmlAccountingSegment(Attr(s, "id") ?? "", Attr(s, "type"), Attr(s, "description")));
        }
        var charge = Child(Child(e, "Charge"), "Money");
        return new CxmlDistribution(Attr(accounting, "name"), segments, charge is null ? null : ReadMoney(charge, "Distribution/Charge/Money"));
    }

    private static CxmlContact ReadContact(CxmlElement e) =>
        new(Attr(e, "role"), Text(Child(e, "Name")), Text(Child(e, "Email")), ReadPhone(Child(e, "Phone")));

    /// <summary>Phone/TelephoneNumber as one line: "+49 30 1234567-89" (parts the buyer left out are skipped).</summary>
    private static string? ReadPhone(CxmlElement? phone)
    {
        var number = Child(phone, "TelephoneNumber");
        if (number is null)
        {
            return null;
        }
        var country = Text(Child(number, "CountryCode")) is { } code ? "+" + code.TrimStart('+') : null;
        var extension = Text(Child(number, "Extension"));
        var line = string.Join(" ", new[] { country, Text(Child(number, "AreaOrCityCode")), Text(Child(number, "Number")) }.OfType<string>());
        line += extension is null ? string.Empty : "-" + extension;
        return line.Length == 0 ? null : line;
    }

    private static CxmlAddress? ReadAddress(CxmlElement? e)
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

    private static CxmlResponse ReadResponse(CxmlElement e)
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
                All(profile, "Transaction", static t => new CxmlProfileTransaction(Attr(t, "requestName") ?? "", Text(Child(t, "URL")) ?? "")));
        }
        return new CxmlResponse(new CxmlStatus(code, Attr(status, "text") ?? "", Text(status)), body);
    }

    private static PunchOutOrderMessage ReadMessage(CxmlElement e)
    {
        var pooM = Child(e, "PunchOutOrderMessage");
        if (pooM is null)
        {
            var name = e.Elements().FirstOrDefault(c => c.LocalName != "Status")?.LocalName ?? "(none)";
            // A Message Portal does not take (e.g. a SubscriptionChangeMessage) is "not implemented", not a bad document.
            throw new CxmlFormatException(450, $"Message {name} is not implemented by Portal.");
        }
        var header = Child(pooM, "PunchOutOrderMessageHeader") ?? throw Bad("PunchOutOrderMessage/PunchOutOrderMessageHeader is missing.");
        return new PunchOutOrderMessage
        {
            BuyerCookie = Text(Child(pooM, "BuyerCookie")) ?? throw Bad("PunchOutOrderMessage/BuyerCookie is missing."),
            OperationAllowed = Attr(header, "operationAllowed") ?? "create",
            QuoteStatus = Attr(header, "quoteStatus"),
            Total = ReadMoney(Child(Child(header, "Total"), "Money"), "PunchOutOrderMessageHeader/Total/Money"),
            Items = All(pooM, "ItemIn", ReadItemIn),
        };
    }
}
