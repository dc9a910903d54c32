namespace Portal.Api.Features.Ordering;

/// <summary>An order with its lines, status history and documents.</summary>
public sealed record OrderDto(
    Guid Id, string Number, [property: ContractEnum("OrderStatus")] string Status, string? CustomerReference, Guid? RequesterId, Guid? OrgUnitId, string Currency, decimal Total,
    [property: ContractEnum("OrderSource")] string Source, string? Note, OrderAddressDto? DeliveryAddress, string? TrackingNumber, string? Carrier,
    IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<OrderStatusChangeDto> History, IReadOnlyList<OrderDocumentDto> Documents,
    IReadOnlyList<PriceMismatchDto> PriceMismatches, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    [property: ContractEnum("OrderChannel")] string Channel = OrderChannels.Api);

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
