using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Ordering;

/// <summary>A cart priced live: every line at the account's current price, with stock and lead time.</summary>
public sealed record CartDto(
    Guid Id, string Name, Guid? UserId, string Currency, IReadOnlyList<CartLineDto> Lines, decimal Total, decimal Saving,
    int LineCount, DateTimeOffset UpdatedAt, string Kind = CartKinds.Standard);

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
public sealed record CartSummaryDto(Guid Id, string Name, Guid? UserId, int LineCount, DateTimeOffset UpdatedAt, string Kind = CartKinds.Standard);
