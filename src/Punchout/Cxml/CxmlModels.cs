namespace Portal.Punchout.Cxml;

// The cXML 1.2.0xx documents Portal reads and writes, as plain immutable records. Element and attribute
// names follow the cXML Reference Guide; only what Portal uses is modelled, everything else is ignored on
// reading (unknown Extrinsics are kept as name/value pairs).

/// <summary>A whole cXML document: the envelope plus exactly one of Request, Response or Message.</summary>
public sealed record CxmlDocument
{
    /// <summary>cXML@payloadID, unique per document and unchanged on retries.</summary>
    public required string PayloadId { get; init; }

    /// <summary>cXML@timestamp.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>cXML@version (deprecated but still sent); the writer puts <see cref="CxmlVersion.Current"/>.</summary>
    public string? Version { get; init; }

    /// <summary>cXML@xml:lang.</summary>
    public string? Lang { get; init; }

    /// <summary>Header (From, To, Sender); absent on responses.</summary>
    public CxmlHeader? Header { get; init; }

    /// <summary>A request (ProfileRequest, PunchOutSetupRequest, OrderRequest), or null.</summary>
    public CxmlRequest? Request { get; init; }

    /// <summary>Request@deploymentMode: production (default) or test.</summary>
    public string? DeploymentMode { get; init; }

    /// <summary>A response (Status plus optional body), or null.</summary>
    public CxmlResponse? Response { get; init; }

    /// <summary>A PunchOutOrderMessage (the only Message Portal sends), or null.</summary>
    public PunchOutOrderMessage? Message { get; init; }
}

/// <summary>The versions Portal writes.</summary>
public static class CxmlVersion
{
    /// <summary>The version written in cXML@version and the DOCTYPE system id.</summary>
    public const string Current = "1.2.063";

    /// <summary>The DOCTYPE system identifier for <see cref="Current"/>.</summary>
    public const string DtdSystemId = "http://xml.cxml.org/schemas/cXML/" + Current + "/cXML.dtd";
}

/// <summary>Header: who sends (From), to whom (To), and who transports it (Sender, with the shared secret).</summary>
public sealed record CxmlHeader(
    IReadOnlyList<CxmlCredential> From,
    IReadOnlyList<CxmlCredential> To,
    IReadOnlyList<CxmlCredential> Sender,
    string? UserAgent);

/// <summary>Credential@domain with Identity and optional SharedSecret.</summary>
public sealed record CxmlCredential(string Domain, string Identity, string? SharedSecret = null);

/// <summary>Money@currency with its amount.</summary>
public sealed record CxmlMoney(decimal Amount, string Currency);

/// <summary>Extrinsic@name with its text content.</summary>
public sealed record CxmlExtrinsic(string Name, string Value);

/// <summary>Contact@role with Name, Email and the first Phone (as one line: country code, area code, number, extension).</summary>
public sealed record CxmlContact(string? Role, string? Name, string? Email, string? Phone = null);

/// <summary>Comments/Attachment/URL: a file the buyer sent with the document (<c>cid:</c> names a MIME part of a multipart/related body).</summary>
/// <param name="Url">The URL as sent (e.g. <c>cid:spec-1@buyer.example</c>).</param>
/// <param name="Name">URL@name, when sent.</param>
public sealed record CxmlAttachmentReference(string Url, string? Name = null)
{
    /// <summary>The Content-ID the URL names (RFC 2392: <c>cid:</c>, percent-decoded, no angle brackets), or null for another kind of URL.</summary>
    public string? ContentId => Url.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) && Url.Length > 4
        ? Uri.UnescapeDataString(Url[4..]).Trim().Trim('<', '>')
        : null;
}

/// <summary>An Address (inside ShipTo or BillTo).</summary>
public sealed record CxmlAddress
{
    /// <summary>Address@addressID.</summary>
    public string? AddressId { get; init; }
    /// <summary>Name.</summary>
    public string? Name { get; init; }
    /// <summary>PostalAddress/DeliverTo lines.</summary>
    public IReadOnlyList<string> DeliverTo { get; init; } = [];
    /// <summary>PostalAddress/Street lines.</summary>
    public IReadOnlyList<string> Street { get; init; } = [];
    /// <summary>PostalAddress/City.</summary>
    public string? City { get; init; }
    /// <summary>PostalAddress/State.</summary>
    public string? State { get; init; }
    /// <summary>PostalAddress/PostalCode.</summary>
    public string? PostalCode { get; init; }
    /// <summary>PostalAddress/Country@isoCountryCode.</summary>
    public string? CountryCode { get; init; }
    /// <summary>PostalAddress/Country text.</summary>
    public string? Country { get; init; }
    /// <summary>Email.</summary>
    public string? Email { get; init; }
}

/// <summary>ItemID: the supplier's part number, the auxiliary id (Portal: the punchout session line reference).</summary>
public sealed record CxmlItemId(string SupplierPartId, string? SupplierPartAuxiliaryId = null, string? BuyerPartId = null);

/// <summary>Classification@domain (UNSPSC for Portal) with its code.</summary>
public sealed record CxmlClassification(string Domain, string Code);

/// <summary>ItemDetail of an ItemIn or ItemOut.</summary>
public sealed record CxmlItemDetail
{
    /// <summary>UnitPrice/Money.</summary>
    public required CxmlMoney UnitPrice { get; init; }
    /// <summary>Description (first one; xml:lang in <see cref="DescriptionLang"/>).</summary>
    public required string Description { get; init; }
    /// <summary>Description@xml:lang (written as "en" when null).</summary>
    public string? DescriptionLang { get; init; }
    /// <summary>UnitOfMeasure (UN/CEFACT Recommendation 20 code such as EA, PK, BX).</summary>
    public required string UnitOfMeasure { get; init; }
    /// <summary>PriceBasisQuantity@quantity, when the price is for more than one unit.</summary>
    public decimal? PriceBasisQuantity { get; init; }
    /// <summary>Classifications; the DTD requires at least one.</summary>
    public IReadOnlyList<CxmlClassification> Classifications { get; init; } = [];
    /// <summary>ManufacturerPartID.</summary>
    public string? ManufacturerPartId { get; init; }
    /// <summary>ManufacturerName.</summary>
    public string? ManufacturerName { get; init; }
    /// <summary>URL (product page).</summary>
    public string? Url { get; init; }
    /// <summary>LeadTime in days.</summary>
    public int? LeadTimeDays { get; init; }
    /// <summary>Extrinsics.</summary>
    public IReadOnlyList<CxmlExtrinsic> Extrinsics { get; init; } = [];
}

/// <summary>An AccountingSegment@id with Name and Description (a cost center, G/L account, ...).</summary>
public sealed record CxmlAccountingSegment(string Id, string? Name, string? Description);

/// <summary>Distribution: Accounting@name with segments, and the Charge it carries.</summary>
public sealed record CxmlDistribution(string? AccountingName, IReadOnlyList<CxmlAccountingSegment> Segments, CxmlMoney? Charge);

/// <summary>ItemOut: a line the buyer sends (in OrderRequest, or as the starting cart of an edit/inspect setup).</summary>
public sealed record CxmlItemOut
{
    /// <summary>ItemOut@quantity.</summary>
    public required decimal Quantity { get; init; }
    /// <summary>ItemOut@lineNumber.</summary>
    public int? LineNumber { get; init; }
    /// <summary>ItemOut@requestedDeliveryDate.</summary>
    public DateTimeOffset? RequestedDeliveryDate { get; init; }
    /// <summary>ItemOut@requestedDeliveryDate as sent, when it is no date Portal can read (kept so that it is not lost).</summary>
    public string? UnreadableDeliveryDate { get; init; }
    /// <summary>ItemID.</summary>
    public required CxmlItemId ItemId { get; init; }
    /// <summary>ItemDetail, when sent.</summary>
    public CxmlItemDetail? Detail { get; init; }
    /// <summary>ShipTo of this line, when it differs from the header's.</summary>
    public CxmlAddress? ShipTo { get; init; }
    /// <summary>Distribution elements (cost accounting).</summary>
    public IReadOnlyList<CxmlDistribution> Distributions { get; init; } = [];
    /// <summary>Comments.</summary>
    public string? Comments { get; init; }
    /// <summary>Comments/Attachment: files the buyer sent for this line.</summary>
    public IReadOnlyList<CxmlAttachmentReference> Attachments { get; init; } = [];
}

/// <summary>ItemIn: a line of a PunchOutOrderMessage (supplier → buyer).</summary>
public sealed record CxmlItemIn
{
    /// <summary>ItemIn@quantity.</summary>
    public required decimal Quantity { get; init; }
    /// <summary>ItemIn@lineNumber.</summary>
    public int? LineNumber { get; init; }
    /// <summary>ItemID.</summary>
    public required CxmlItemId ItemId { get; init; }
    /// <summary>ItemDetail (required in ItemIn).</summary>
    public required CxmlItemDetail Detail { get; init; }
}

/// <summary>Base of the requests Portal understands.</summary>
public abstract record CxmlRequest;

/// <summary>ProfileRequest (empty).</summary>
public sealed record ProfileRequest : CxmlRequest;

/// <summary>A request element Portal does not implement (answered with status 450).</summary>
public sealed record UnsupportedRequest(string ElementName) : CxmlRequest;

/// <summary>PunchOutSetupRequest.</summary>
public sealed record PunchOutSetupRequest : CxmlRequest
{
    /// <summary>@operation: create, edit, inspect (source is accepted as create).</summary>
    public required string Operation { get; init; }
    /// <summary>BuyerCookie, echoed in the PunchOutOrderMessage.</summary>
    public required string BuyerCookie { get; init; }
    /// <summary>Extrinsics (UserEmail, UniqueName, CostCenter, FirstName, LastName, ...).</summary>
    public IReadOnlyList<CxmlExtrinsic> Extrinsics { get; init; } = [];
    /// <summary>BrowserFormPost/URL: where the cart goes back.</summary>
    public string? BrowserFormPostUrl { get; init; }
    /// <summary>Contacts.</summary>
    public IReadOnlyList<CxmlContact> Contacts { get; init; } = [];
    /// <summary>SupplierSetup/URL (deprecated, accepted).</summary>
    public string? SupplierSetupUrl { get; init; }
    /// <summary>ShipTo.</summary>
    public CxmlAddress? ShipTo { get; init; }
    /// <summary>SelectedItem/ItemID (for level-2 punchout).</summary>
    public CxmlItemId? SelectedItem { get; init; }
    /// <summary>ItemOut lines: the starting cart for edit and inspect.</summary>
    public IReadOnlyList<CxmlItemOut> Items { get; init; } = [];

    /// <summary>The value of the first Extrinsic named <paramref name="name"/> (case-insensitive).</summary>
    public string? Extrinsic(string name) =>
        Extrinsics.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>OrderRequestHeader.</summary>
public sealed record CxmlOrderRequestHeader
{
    /// <summary>@orderID (the buyer's PO number).</summary>
    public required string OrderId { get; init; }
    /// <summary>@orderDate.</summary>
    public required DateTimeOffset OrderDate { get; init; }
    /// <summary>@type: new (default), update, delete.</summary>
    public string Type { get; init; } = "new";
    /// <summary>@orderVersion (1 when absent).</summary>
    public int? OrderVersion { get; init; }
    /// <summary>@requestedDeliveryDate: the delivery date of every line that names none.</summary>
    public DateTimeOffset? RequestedDeliveryDate { get; init; }
    /// <summary>@requestedDeliveryDate as sent, when it is no date Portal can read (kept so that it is not lost).</summary>
    public string? UnreadableDeliveryDate { get; init; }
    /// <summary>Total/Money.</summary>
    public required CxmlMoney Total { get; init; }
    /// <summary>ShipTo/Address.</summary>
    public CxmlAddress? ShipTo { get; init; }
    /// <summary>BillTo/Address.</summary>
    public CxmlAddress? BillTo { get; init; }
    /// <summary>Contacts.</summary>
    public IReadOnlyList<CxmlContact> Contacts { get; init; } = [];
    /// <summary>Comments text.</summary>
    public string? Comments { get; init; }
    /// <summary>Comments/Attachment: files the buyer sent with the order.</summary>
    public IReadOnlyList<CxmlAttachmentReference> Attachments { get; init; } = [];
    /// <summary>DocumentReference@payloadID (update/delete refer to the earlier document).</summary>
    public string? DocumentReferencePayloadId { get; init; }
    /// <summary>Extrinsics.</summary>
    public IReadOnlyList<CxmlExtrinsic> Extrinsics { get; init; } = [];
}

/// <summary>OrderRequest.</summary>
public sealed record OrderRequest : CxmlRequest
{
    /// <summary>OrderRequestHeader.</summary>
    public required CxmlOrderRequestHeader Header { get; init; }
    /// <summary>ItemOut lines (at least one, except for delete).</summary>
    public IReadOnlyList<CxmlItemOut> Items { get; init; } = [];
}

/// <summary>Response: Status and optionally a body.</summary>
public sealed record CxmlResponse(CxmlStatus Status, CxmlResponseBody? Body = null);

/// <summary>Status@code, @text and the message inside.</summary>
public sealed record CxmlStatus(int Code, string Text, string? Message = null)
{
    /// <summary>200 OK.</summary>
    public static CxmlStatus Ok { get; } = new(200, "OK");
    /// <summary>Whether the code is 2xx.</summary>
    public bool IsSuccess => Code is >= 200 and < 300;
}

/// <summary>Base of response bodies.</summary>
public abstract record CxmlResponseBody;

/// <summary>PunchOutSetupResponse/StartPage/URL.</summary>
public sealed record PunchOutSetupResponse(string StartPageUrl) : CxmlResponseBody;

/// <summary>ProfileResponse.</summary>
public sealed record ProfileResponse(DateTimeOffset EffectiveDate, IReadOnlyList<CxmlProfileTransaction> Transactions) : CxmlResponseBody;

/// <summary>Transaction@requestName with its URL.</summary>
public sealed record CxmlProfileTransaction(string RequestName, string Url);

/// <summary>PunchOutOrderMessage: the cart going back to the buyer's system.</summary>
public sealed record PunchOutOrderMessage
{
    /// <summary>BuyerCookie from the setup request, echoed.</summary>
    public required string BuyerCookie { get; init; }
    /// <summary>PunchOutOrderMessageHeader@operationAllowed: create, inspect or edit.</summary>
    public required string OperationAllowed { get; init; }
    /// <summary>PunchOutOrderMessageHeader@quoteStatus: <c>pending</c> or <c>final</c> (the DTD's default); written only when set.</summary>
    public string? QuoteStatus { get; init; }
    /// <summary>Total/Money.</summary>
    public required CxmlMoney Total { get; init; }
    /// <summary>ItemIn lines (empty after create means cancel).</summary>
    public IReadOnlyList<CxmlItemIn> Items { get; init; } = [];
}
