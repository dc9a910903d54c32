namespace Portal.Api.Features.Budgets;

/// <summary>One budget the order would charge.</summary>
public sealed record BudgetCheckItem(
    Guid BudgetId, string Budget, BudgetScope Scope, string Policy, decimal Amount, decimal Remaining, bool WouldExceed, DateOnly PeriodStart, DateOnly PeriodEnd);
