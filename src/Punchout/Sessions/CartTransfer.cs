namespace Portal.Punchout.Sessions;

/// <summary>The punchout protocols a session can come by; each has its own cart transfer.</summary>
public static class PunchoutProtocols
{
    /// <summary>cXML PunchOutSetupRequest; the cart goes back as a PunchOutOrderMessage.</summary>
    public const string Cxml = "cxml";

    /// <summary>SAP OCI (issue #19, not implemented yet); the cart goes back as NEW_ITEM-* fields.</summary>
    public const string Oci = "oci";
}

/// <summary>The buyer system's side of a session, as the protocol's set-up brought it.</summary>
/// <param name="Protocol">One of <see cref="PunchoutProtocols"/>.</param>
/// <param name="ReturnUrl">Where the browser posts the cart (BrowserFormPost URL, OCI HOOK_URL).</param>
/// <param name="Operation">create, edit or inspect.</param>
/// <param name="BuyerCookie">The buyer system's session reference (cXML BuyerCookie).</param>
/// <param name="FormEncoding">How the cXML document travels in the form (cXML-base64 or cXML-urlencoded).</param>
/// <param name="BuyerDomain">The buyer credential's domain.</param>
/// <param name="BuyerIdentity">The buyer credential's identity.</param>
/// <param name="SupplierDomain">The supplier credential the buyer addressed (To), if any.</param>
/// <param name="SupplierIdentity">Its identity.</param>
public sealed record TransferSession(string Protocol, string ReturnUrl, string Operation, string BuyerCookie, string FormEncoding,
    string BuyerDomain, string BuyerIdentity, string? SupplierDomain, string? SupplierIdentity);

/// <summary>One priced line of a cart on its way back, in protocol-neutral terms.</summary>
public sealed record TransferLine
{
    /// <summary>The supplier's article number.</summary>
    public required string Sku { get; init; }
    /// <summary>The quote reference the order will carry back (cXML SupplierPartAuxiliaryID).</summary>
    public required string QuoteId { get; init; }
    /// <summary>The quantity.</summary>
    public required decimal Quantity { get; init; }
    /// <summary>The account's unit price.</summary>
    public required decimal UnitPrice { get; init; }
    /// <summary>The product's name.</summary>
    public required string Description { get; init; }
    /// <summary>The unit of measure.</summary>
    public required string Unit { get; init; }
    /// <summary>The UNSPSC code, if the product has one.</summary>
    public string? Unspsc { get; init; }
    /// <summary>The manufacturer's part number.</summary>
    public string? ManufacturerPartId { get; init; }
    /// <summary>The manufacturer's name.</summary>
    public string? ManufacturerName { get; init; }
    /// <summary>Days to deliver.</summary>
    public int? LeadTimeDays { get; init; }
    /// <summary>The contract that priced the line, if any.</summary>
    public string? ContractNo { get; init; }
}

/// <summary>A cart on its way back to the buyer system; empty (and <see cref="Cancelled"/>) when the buyer cancelled.</summary>
/// <param name="Session">The session's buyer side.</param>
/// <param name="Currency">The account's currency.</param>
/// <param name="Lines">The priced lines.</param>
/// <param name="Cancelled">The buyer cancelled: the lines are empty.</param>
/// <param name="Host">This installation's host name (payload ids, default supplier identity).</param>
public sealed record TransferCart(TransferSession Session, string Currency, IReadOnlyList<TransferLine> Lines, bool Cancelled, string Host);

/// <summary>A field of the form the browser posts to the buyer system.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Value">The value (the page encodes it).</param>
public sealed record CartTransferField(string Name, string Value);

/// <summary>The form the browser posts to the buyer system: where to, its hidden fields, how many lines it carries.</summary>
/// <param name="Action">The buyer system's return URL.</param>
/// <param name="Fields">The hidden fields, in order.</param>
/// <param name="LineCount">The number of cart lines.</param>
public sealed record CartTransferForm(string Action, IReadOnlyList<CartTransferField> Fields, int LineCount);

/// <summary>
/// The cart transfer of one protocol: turns a priced cart into the form the buyer's browser posts back. cXML
/// sends a PunchOutOrderMessage in one field; OCI will send NEW_ITEM-* fields per line. The pages and the
/// session are the same for every protocol; only this step differs.
/// </summary>
public interface ICartTransfer
{
    /// <summary>The protocol this transfer serves (one of <see cref="PunchoutProtocols"/>).</summary>
    string Protocol { get; }

    /// <summary>The form for <paramref name="cart"/>.</summary>
    /// <param name="cart">The priced cart.</param>
    /// <param name="clock">The clock for timestamps.</param>
    CartTransferForm BuildForm(TransferCart cart, TimeProvider clock);
}
