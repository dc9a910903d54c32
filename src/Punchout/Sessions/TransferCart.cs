namespace Portal.Punchout.Sessions;

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
/// <param name="Target">OCI: the frame the cart is posted into (<c>~TARGET</c>).</param>
/// <param name="Charset">OCI: the charset the buyer system reads the form in (default UTF-8).</param>
/// <param name="VendorNumber">OCI: the supplier's vendor number in the buyer's SAP system (NEW_ITEM-VENDOR), if configured.</param>
public sealed record TransferSession(string Protocol, string ReturnUrl, string Operation, string BuyerCookie, string FormEncoding,
    string BuyerDomain, string BuyerIdentity, string? SupplierDomain, string? SupplierIdentity, string? Target = null, string? Charset = null,
    string? VendorNumber = null);

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
    /// <summary>The product's long description (OCI LONGTEXT).</summary>
    public string? LongText { get; init; }
    /// <summary>The GTIN (EAN), if the product has one.</summary>
    public string? Gtin { get; init; }
    /// <summary>The supplier's quote the line is priced from (its number, e.g. OCI EXT_QUOTE_ID), if any.</summary>
    public string? QuoteNumber { get; init; }
    /// <summary>The line's position on that quote (OCI EXT_QUOTE_ITEM).</summary>
    public int? QuoteItem { get; init; }
    /// <summary>The buyer's cost center code the line is charged to, if known (OCI CUST_FIELD1).</summary>
    public string? CostCenter { get; init; }
    /// <summary>The last day the price is valid, if the price condition ends (OCI CUST_FIELD2, YYYYMMDD).</summary>
    public DateOnly? PriceValidTo { get; init; }
    /// <summary>Where the price comes from: contract, customer, tier, group, list or quote (OCI CUST_FIELD3).</summary>
    public string? PriceSource { get; init; }
}

/// <summary>A cart on its way back to the buyer system; empty (and <see cref="Cancelled"/>) when the buyer cancelled.</summary>
/// <param name="Session">The session's buyer side.</param>
/// <param name="Currency">The account's currency.</param>
/// <param name="Lines">The priced lines.</param>
/// <param name="Cancelled">The buyer cancelled: the lines are empty.</param>
/// <param name="Host">This installation's host name (payload ids, default supplier identity).</param>
/// <param name="FinalQuote">The cart is a supplier's binding quote (cXML <c>quoteStatus="final"</c>).</param>
public sealed record TransferCart(TransferSession Session, string Currency, IReadOnlyList<TransferLine> Lines, bool Cancelled, string Host, bool FinalQuote = false);
