namespace Portal.Api.Features.Ordering;

/// <summary>An order with its lines, status history and documents.</summary>
/// <param name="Id">The order's id.</param>
/// <param name="Number">The supplier's order number (SO-yyyy-nnnnnnn).</param>
/// <param name="Status">Where the order stands.</param>
/// <param name="CustomerReference">The buyer's reference (purchase order number).</param>
/// <param name="RequesterId">The user who placed it (null for supplier-side clients and purchase orders without a known user).</param>
/// <param name="OrgUnitId">The requester's org unit when it was placed.</param>
/// <param name="Currency">ISO 4217 currency of every amount.</param>
/// <param name="Total">The net total as ordered.</param>
/// <param name="Source">How the order came in.</param>
/// <param name="Note">The buyer's note.</param>
/// <param name="DeliveryAddress">Where it is delivered.</param>
/// <param name="TrackingNumber">The shipment's tracking number, once shipped.</param>
/// <param name="Carrier">The carrier, once shipped.</param>
/// <param name="Lines">The lines, by position.</param>
/// <param name="History">Every status change, oldest first.</param>
/// <param name="Documents">Documents attached to the order (invoices, delivery notes, the buyer's attachments).</param>
/// <param name="PriceMismatches">Lines whose purchase-order price differs from Portal's (cXML orders).</param>
/// <param name="CreatedAt">When it was placed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Invoices">The invoices recorded for it.</param>
/// <param name="CxmlDocuments">The cXML documents sent back to the buyer system, with their delivery state.</param>
/// <param name="Channel">Who placed it through which way.</param>
/// <param name="ConfirmedTotal">The net total of what the supplier confirmed (each line's confirmed quantity at its confirmed unit price, rounded per line as invoices are); null until the order is confirmed. Less than <c>total</c> after a confirmation with lower quantities or prices.</param>
public sealed record OrderDto(
    Guid Id, string Number, [property: ContractEnum("OrderStatus")] string Status, string? CustomerReference, Guid? RequesterId, Guid? OrgUnitId, string Currency, decimal Total,
    [property: ContractEnum("OrderSource")] string Source, string? Note, OrderAddressDto? DeliveryAddress, string? TrackingNumber, string? Carrier,
    IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<OrderStatusChangeDto> History, IReadOnlyList<OrderDocumentDto> Documents,
    IReadOnlyList<PriceMismatchDto> PriceMismatches, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderInvoiceDto>? Invoices = null, IReadOnlyList<CxmlDocumentDto>? CxmlDocuments = null,
    [property: ContractEnum("OrderChannel")] string Channel = OrderChannels.Api, decimal? ConfirmedTotal = null);

/// <summary>
/// A line whose ordered unit price differs from the price Portal quoted in a punchout session
/// (<c>differs-from-quote</c>), or, for a line without a quote reference, from the account's price when the
/// order arrived (<c>not-quoted</c>). Purchase orders from procurement systems keep their own prices.
/// </summary>
public sealed record PriceMismatchDto(int Position, string Sku, decimal OrderedUnitPrice, decimal? QuotedUnitPrice, decimal CurrentUnitPrice, string Reason);

/// <summary>An order in a list.</summary>
/// <param name="Id">The order's id.</param>
/// <param name="Number">The supplier's order number (SO-yyyy-nnnnnnn).</param>
/// <param name="Status">Where the order stands.</param>
/// <param name="CustomerReference">The buyer's reference (purchase order number).</param>
/// <param name="RequesterId">The user who placed it (null for supplier-side clients and purchase orders without a known user).</param>
/// <param name="Currency">ISO 4217 currency of the total.</param>
/// <param name="Total">The net total as ordered.</param>
/// <param name="LineCount">How many lines it has.</param>
/// <param name="CreatedAt">When it was placed.</param>
/// <param name="OrgUnitId">The org unit it was placed for (the requester's when it was placed).</param>
public sealed record OrderSummaryDto(
    Guid Id, string Number, [property: ContractEnum("OrderStatus")] string Status, string? CustomerReference, Guid? RequesterId, string Currency, decimal Total, int LineCount, DateTimeOffset CreatedAt,
    Guid? OrgUnitId);

public sealed record OrderAddressDto(string Name, string? Department, string Street, string? Street2, string PostalCode, string City, string? Region, string Country);

/// <summary>An order line as placed (prices fixed at ordering), with what the supplier confirmed once the order is confirmed.</summary>
/// <param name="Id">The line's id.</param>
/// <param name="Position">The line number (1, 2, …): confirmations and invoices name lines by it.</param>
/// <param name="Sku">The product ordered.</param>
/// <param name="Description">The product's name at ordering.</param>
/// <param name="Unit">The unit of measure (ISO/UN-ECE code).</param>
/// <param name="Quantity">The quantity ordered.</param>
/// <param name="UnitPrice">The unit price ordered (net, 4 decimals).</param>
/// <param name="ListPrice">The list price at ordering.</param>
/// <param name="LineTotal">Quantity × unit price, rounded to the currency.</param>
/// <param name="PriceSource">Which rule priced the line, e.g. customer, contract, tier, group, list or quote.</param>
/// <param name="ConditionId">The price condition applied.</param>
/// <param name="CostCenterId">The cost center charged.</param>
/// <param name="CostCenterCode">The cost center's code at ordering.</param>
/// <param name="DeliveryDate">The delivery date the buyer asked for.</param>
/// <param name="Note">The buyer's note on the line.</param>
/// <param name="ConfirmedQuantity">The quantity the supplier confirmed (less than ordered: the rest is rejected; 0: the line is rejected); null until the order is confirmed. Invoices never exceed it.</param>
/// <param name="ConfirmedUnitPrice">The unit price the supplier confirmed (the price its invoices use); null until the order is confirmed.</param>
/// <param name="ConfirmedDeliveryDate">The delivery date the supplier confirmed, if it named one.</param>
/// <param name="BuyerLineNumber">The line's number in the buyer's purchase order (cXML <c>ItemOut@lineNumber</c>, e.g. 10, 20 from SAP): the documents Portal sends back to the buyer system name the line by it; null for orders from other channels. The API's confirmations and invoices name lines by <c>position</c>.</param>
/// <param name="BuyerUnit">The unit of measure the buyer's cXML purchase order named for the line, as sent (the documents Portal sends back repeat it); it may differ from <c>unit</c>, the product's. Null for orders from other channels.</param>
public sealed record OrderLineDto(
    Guid Id, int Position, string Sku, string Description, string Unit, decimal Quantity, decimal UnitPrice, decimal ListPrice, decimal LineTotal,
    string PriceSource, string ConditionId, Guid? CostCenterId, string? CostCenterCode, DateOnly? DeliveryDate, string? Note,
    decimal? ConfirmedQuantity = null, decimal? ConfirmedUnitPrice = null, DateOnly? ConfirmedDeliveryDate = null, int? BuyerLineNumber = null, string? BuyerUnit = null);

public sealed record OrderStatusChangeDto(string? From, string To, DateTimeOffset At, string Actor, string? Reason);

public sealed record OrderDocumentDto(Guid Id, [property: ContractEnum("DocumentKind")] string Kind, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset CreatedAt);

/// <summary>An invoice of the order (from the ERP), amounts in the currency's minor units.</summary>
public sealed record OrderInvoiceDto(
    Guid Id, string Number, DateOnly Date, string Currency, IReadOnlyList<OrderInvoiceLineDto> Lines, decimal Subtotal, decimal Shipping, decimal Tax, decimal Total,
    DateTimeOffset CreatedAt);

/// <summary>An invoiced quantity of the order line <c>lineNumber</c> (its position) at the line's confirmed unit price.</summary>
public sealed record OrderInvoiceLineDto(int LineNumber, decimal Quantity, decimal UnitPrice, decimal Amount);

/// <summary>
/// A cXML document sent to the buyer system about this order (only for orders that came by cXML, when the account
/// has a <c>cxml.outboundUrl</c>): its delivery state, how many attempts, and the last answer.
/// </summary>
public sealed record CxmlDocumentDto(
    [property: ContractEnum("CxmlDocumentType")] string Type, string? Subtype, string PayloadId,
    [property: ContractEnum("CxmlDocumentState")] string State, int Attempts, string? LastStatus, int? LastHttpStatus, int? LastCxmlStatus,
    DateTimeOffset? LastAttemptAt, DateTimeOffset CreatedAt);
