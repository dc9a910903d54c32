using Portal.Api.Infrastructure.OpenApi;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Ordering;

/// <summary>A new cart.</summary>
public sealed record CreateCartRequest(string? Name);

/// <summary>A line to add: a sku and a quantity, optionally a cost center and a note.</summary>
public sealed record CartLineInput
{
    [RequiredInContract]
    public string? Sku { get; init; }

    [RequiredInContract]
    public decimal? Quantity { get; init; }

    public Guid? CostCenterId { get; init; }

    public string? Note { get; init; }

    public DateOnly? DeliveryDate { get; init; }
}

/// <summary>One line, or a quick-order list of lines (<c>lines</c>); a sku already in the cart has its quantity increased.</summary>
public sealed record AddCartLinesRequest
{
    public string? Sku { get; init; }

    public decimal? Quantity { get; init; }

    public Guid? CostCenterId { get; init; }

    public string? Note { get; init; }

    public IReadOnlyList<CartLineInput>? Lines { get; init; }
}

/// <summary>Changes to a cart line.</summary>
public sealed record UpdateCartLineRequest
{
    public decimal? Quantity { get; init; }

    public Guid? CostCenterId { get; init; }

    public bool? ClearCostCenter { get; init; }

    public string? Note { get; init; }
}

/// <summary>A barcode as the scanner read it; adds the product or increments its quantity.</summary>
public sealed record CartScanRequest([property: RequiredInContract] string? Code, decimal? Quantity);

/// <summary>A cart priced live: every line at the account's current price, with stock and lead time.</summary>
public sealed record CartDto(
    Guid Id, string Name, Guid? UserId, string Currency, IReadOnlyList<CartLineDto> Lines, decimal Total, decimal Saving,
    int LineCount, DateTimeOffset UpdatedAt);

/// <summary>A cart line with its live price; <c>error</c> says why a line has no price.</summary>
public sealed record CartLineDto(
    Guid Id, string Sku, string? Name, string? Unit, decimal Quantity, Guid? CostCenterId, string? Note, DateOnly? DeliveryDate,
    decimal? UnitPrice, decimal? ListPrice, decimal? Saving, decimal? LineTotal, [property: ContractEnum("PriceSource")] string? Source, string? ConditionId,
    StockInfo? Stock, PriceLineError? Error);

/// <summary>Availability of a product.</summary>
/// <param name="InStock">Whether the quantity is in stock now.</param>
/// <param name="StockQuantity">Units in stock.</param>
/// <param name="LeadTimeDays">Working days until dispatch when not in stock.</param>
public sealed record StockInfo(bool InStock, decimal StockQuantity, int LeadTimeDays);

/// <summary>A cart summary.</summary>
public sealed record CartSummaryDto(Guid Id, string Name, Guid? UserId, int LineCount, DateTimeOffset UpdatedAt);

/// <summary>
/// An order from a cart (<c>cartId</c>) or from lines directly (<c>lines</c>). Send an
/// <c>Idempotency-Key</c> header so that a retried request never places the order twice.
/// </summary>
public sealed record CreateOrderRequest
{
    public Guid? CartId { get; init; }

    public IReadOnlyList<CartLineInput>? Lines { get; init; }

    public Guid? DeliveryAddressId { get; init; }

    /// <summary>The customer's purchase-order number.</summary>
    public string? CustomerReference { get; init; }

    public string? Note { get; init; }
}

/// <summary>An order with its lines, status history and documents.</summary>
public sealed record OrderDto(
    Guid Id, string Number, [property: ContractEnum("OrderStatus")] string Status, string? CustomerReference, Guid? RequesterId, Guid? OrgUnitId, string Currency, decimal Total,
    [property: ContractEnum("OrderSource")] string Source, string? Note, OrderAddressDto? DeliveryAddress, string? TrackingNumber, string? Carrier,
    IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<OrderStatusChangeDto> History, IReadOnlyList<OrderDocumentDto> Documents,
    IReadOnlyList<PriceMismatchDto> PriceMismatches, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A line whose ordered unit price differs from the price Portal quoted in a punchout session
/// (<c>differs-from-quote</c>), or, for a line without a quote reference, from the account's price when the
/// order arrived (<c>not-quoted</c>). Purchase orders from procurement systems keep their own prices.
/// </summary>
public sealed record PriceMismatchDto(int Position, string Sku, decimal OrderedUnitPrice, decimal? QuotedUnitPrice, decimal CurrentUnitPrice, string Reason);

/// <summary>An order in a list.</summary>
public sealed record OrderSummaryDto(
    Guid Id, string Number, [property: ContractEnum("OrderStatus")] string Status, string? CustomerReference, Guid? RequesterId, string Currency, decimal Total, int LineCount, DateTimeOffset CreatedAt);

public sealed record OrderAddressDto(string Name, string? Department, string Street, string? Street2, string PostalCode, string City, string? Region, string Country);

/// <summary>An order line as placed (prices fixed at ordering).</summary>
public sealed record OrderLineDto(
    Guid Id, int Position, string Sku, string Description, string Unit, decimal Quantity, decimal UnitPrice, decimal ListPrice, decimal LineTotal,
    string PriceSource, string ConditionId, Guid? CostCenterId, string? CostCenterCode, DateOnly? DeliveryDate, string? Note);

public sealed record OrderStatusChangeDto(string? From, string To, DateTimeOffset At, string Actor, string? Reason);

public sealed record OrderDocumentDto(Guid Id, [property: ContractEnum("DocumentKind")] string Kind, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset CreatedAt);

/// <summary>A status change from the ERP: confirmed, shipped (with tracking), delivered, cancelled (or approval outcomes).</summary>
public sealed record OrderStatusRequest
{
    [ContractEnum("OrderStatus")]
    public string? Status { get; init; }

    public string? Reason { get; init; }

    public string? TrackingNumber { get; init; }

    public string? Carrier { get; init; }
}

/// <summary>Which lines of a past order to put into a new cart (all when left out).</summary>
public sealed record ReorderRequest(IReadOnlyList<Guid>? LineIds);

/// <summary>The new cart of a reorder and the lines that could not be taken over, with why.</summary>
public sealed record ReorderResult(CartDto Cart, IReadOnlyList<ReorderSkipped> Skipped);

public sealed record ReorderSkipped(Guid LineId, string Sku, string Code, string Message);

/// <summary>One entry of the order feed.</summary>
/// <param name="Cursor">Pass as <c>after</c> to continue after this entry.</param>
/// <param name="Type">created or status-changed.</param>
/// <param name="OrderId">The order.</param>
/// <param name="OrderNumber">The supplier's order number.</param>
/// <param name="CustomerId">The account.</param>
/// <param name="Status">The order's status after this change.</param>
/// <param name="CustomerReference">The customer's purchase-order number.</param>
/// <param name="Total">The order total.</param>
/// <param name="Currency">ISO 4217.</param>
/// <param name="At">When the change happened.</param>
public sealed record OrderFeedEntry(string Cursor, string Type, Guid OrderId, string OrderNumber, Guid CustomerId, [property: ContractEnum("OrderStatus")] string Status, string? CustomerReference, decimal Total, string Currency, DateTimeOffset At);

/// <summary>A page of the feed; poll again with <c>nextCursor</c> (it is returned even when the page is empty).</summary>
public sealed record OrderFeedPage(IReadOnlyList<OrderFeedEntry> Items, string NextCursor);
