namespace Portal.Api.Features.Budgets;

/// <summary>
/// What an order (or a budget check for one) would consume: the total for unit and role budgets, and the
/// share of each cost center. Built the same way for orders and checks, so a check agrees with ordering.
/// </summary>
public sealed record BudgetDemand(
    Guid? OrgUnitId, Guid? RequesterId, string Currency, decimal Total, IReadOnlyDictionary<Guid, decimal> ByCostCenter, DateTimeOffset At);
