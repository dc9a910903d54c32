namespace Portal.Api.Features.Budgets;

/// <summary>A budget with its current period: <c>committed</c> (orders submitted, approved or later), <c>reserved</c> (pending approval), <c>remaining</c>. <c>available</c>: The amount plus what was carried over.</summary>
public sealed record BudgetDto(
    Guid Id, string? Name, BudgetScope Scope, string Period, decimal Amount, string Currency, string Policy, IReadOnlyList<int> Thresholds, bool CarryOver,
    decimal Available, decimal CarriedOver, decimal Committed, decimal Reserved, decimal Remaining, DateOnly PeriodStart, DateOnly PeriodEnd,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
