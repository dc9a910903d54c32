namespace Portal.Api.Features.Budgets;

/// <summary><c>budget.threshold_reached</c>.</summary>
public sealed record BudgetThresholdReachedData(
    Guid BudgetId, string Budget, int Threshold, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Available, decimal Consumed, decimal Remaining,
    string Currency, Guid OrderId, string OrderNumber, DateTimeOffset ReachedAt);
