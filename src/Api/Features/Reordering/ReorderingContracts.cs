using Portal.Api.Features.Ordering;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Reordering;

/// <summary>A line of a template: a sku, a quantity, optionally a cost center and a note.</summary>
public sealed record TemplateLineInput
{
    [RequiredInContract]
    public string? Sku { get; init; }

    [RequiredInContract]
    public decimal? Quantity { get; init; }

    public Guid? CostCenterId { get; init; }

    public string? Note { get; init; }
}

/// <summary>A new order template; <c>scope</c> user (default), org-unit (with <c>orgUnitId</c>) or account.</summary>
public sealed record CreateOrderTemplateRequest
{
    [RequiredInContract]
    public string? Name { get; init; }

    public string? Scope { get; init; }

    public Guid? OrgUnitId { get; init; }

    [RequiredInContract]
    public IReadOnlyList<TemplateLineInput>? Lines { get; init; }
}

/// <summary>Changes to a template: what is sent is replaced (<c>lines</c> as a whole).</summary>
public sealed record UpdateOrderTemplateRequest
{
    public string? Name { get; init; }

    public string? Scope { get; init; }

    public Guid? OrgUnitId { get; init; }

    public IReadOnlyList<TemplateLineInput>? Lines { get; init; }
}

/// <summary>A template line.</summary>
public sealed record TemplateLineDto(Guid Id, string Sku, decimal Quantity, Guid? CostCenterId, string? Note);

/// <summary>An order template; <c>canManage</c> says whether the caller may change or delete it.</summary>
public sealed record OrderTemplateDto(
    Guid Id, string Name, string Scope, Guid? OrgUnitId, Guid? OwnerUserId, IReadOnlyList<TemplateLineDto> Lines, bool CanManage,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A template summary.</summary>
public sealed record OrderTemplateSummaryDto(Guid Id, string Name, string Scope, Guid? OrgUnitId, Guid? OwnerUserId, int LineCount, DateTimeOffset UpdatedAt);

/// <summary>Ordering a template: the delivery address (default: the account's default), a purchase-order number, a note.</summary>
public sealed record TemplateOrderRequest
{
    public Guid? DeliveryAddressId { get; init; }

    public string? CustomerReference { get; init; }

    public string? Note { get; init; }
}

/// <summary>A new favorites list; <c>scope</c> user (default, personal), org-unit (with <c>orgUnitId</c>) or account.</summary>
public sealed record CreateFavoriteListRequest
{
    [RequiredInContract]
    public string? Name { get; init; }

    public string? Scope { get; init; }

    public Guid? OrgUnitId { get; init; }
}

/// <summary>A sku to put on a list, with an optional usual quantity.</summary>
public sealed record AddFavoriteItemRequest
{
    [RequiredInContract]
    public string? Sku { get; init; }

    public decimal? Quantity { get; init; }
}

/// <summary>A favorites list summary.</summary>
public sealed record FavoriteListSummaryDto(Guid Id, string Name, string Scope, Guid? OrgUnitId, Guid? OwnerUserId, int ItemCount, DateTimeOffset UpdatedAt);

/// <summary>A favorites list with each item's current price (for its quantity, 1 when none), stock and lead time.</summary>
public sealed record FavoriteListDto(
    Guid Id, string Name, string Scope, Guid? OrgUnitId, Guid? OwnerUserId, bool CanManage, string Currency, IReadOnlyList<FavoriteItemDto> Items,
    DateTimeOffset UpdatedAt);

/// <summary>An item of a favorites list, priced today; <c>error</c> says why it has no price.</summary>
public sealed record FavoriteItemDto(
    string Sku, string? Name, string? Unit, decimal? Quantity, decimal? UnitPrice, decimal? ListPrice, decimal? Saving,
    [property: ContractEnum("PriceSource")] string? Source, StockInfo? Stock, PriceLineError? Error, DateTimeOffset AddedAt);

/// <summary>
/// A sku the account orders repeatedly: how often, how much usually, when last and at what interval, when
/// it is likely due next, its stock and lead time now, and why it is suggested.
/// </summary>
public sealed record ReorderSuggestionDto(
    string Sku, string? Name, string? Unit, int OrderCount, decimal TypicalQuantity, DateTimeOffset LastOrderedAt,
    decimal AverageIntervalDays, DateTimeOffset PredictedNextAt, StockInfo? Stock, IReadOnlyList<string> Reasons, string Explanation);

/// <summary>Suggestions, most due first, from the orders placed since <c>since</c>.</summary>
public sealed record ReorderSuggestionsDto(IReadOnlyList<ReorderSuggestionDto> Items, DateTimeOffset Since, int OrdersConsidered, int MinOrders);

/// <summary>A new replenishment schedule: a template run at <c>nextRunAt</c> and then every <c>interval</c>.</summary>
public sealed record CreateReplenishmentScheduleRequest
{
    [RequiredInContract]
    public Guid? TemplateId { get; init; }

    /// <summary>P1W, P1M, P3M (or P{n}D, P{n}W, P{n}M), or a cron expression in UTC (5 fields, or Quartz's 6 or 7).</summary>
    [RequiredInContract]
    public string? Interval { get; init; }

    [RequiredInContract]
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>suggest (a suggested cart, default) or order (placed through approvals and budgets).</summary>
    public string? Mode { get; init; }

    /// <summary>Where scheduled orders go (default: the account's default delivery address).</summary>
    public Guid? DeliveryAddressId { get; init; }
}

/// <summary>Changes to a schedule; what is sent is replaced.</summary>
public sealed record UpdateReplenishmentScheduleRequest
{
    public string? Interval { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    public string? Mode { get; init; }

    public bool? Active { get; init; }
}

/// <summary>A replenishment schedule with its latest runs (newest first).</summary>
public sealed record ReplenishmentScheduleDto(
    Guid Id, Guid TemplateId, Guid OwnerUserId, string Interval, string Mode, DateTimeOffset NextRunAt, bool Active,
    DateTimeOffset? LastRunAt, string? LastOutcome, IReadOnlyList<ReplenishmentRunDto> Runs, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One run: the period it served, the cart or order it made, the lines moved by lead time or left out.</summary>
public sealed record ReplenishmentRunDto(
    Guid Id, DateTimeOffset DueAt, DateTimeOffset RanAt, string Outcome, Guid? CartId, Guid? OrderId, string? OrderNumber, string? Message,
    IReadOnlyList<ReplenishmentLineNoteDto> Notes);

/// <summary>What a run did with one line: moved (out of stock; delivery date by the lead time) or skipped (cannot be ordered).</summary>
public sealed record ReplenishmentLineNoteDto(string Sku, string Action, string Code, string Message, DateOnly? DeliveryDate);
