namespace Portal.Api.Features.Ordering;

/// <summary>Filters of the order history.</summary>
public sealed record OrderFilter(
    DateTimeOffset? From, DateTimeOffset? To, string? Status, string? Sku, Guid? CostCenterId, Guid? RequesterId, string? Q, int? Limit, string? Cursor, Guid? OrgUnitId = null);
