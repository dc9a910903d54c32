namespace Portal.Api.Features.Budgets;

/// <summary>A budget (create: <c>scope</c>, <c>period</c>, <c>amount</c>, <c>currency</c> and <c>policy</c> are required; PATCH: any but the scope and currency). <c>period</c>: month, quarter or year (UTC calendar periods). <c>policy</c>: block (refuse orders exceeding it), require-approval or warn. <c>thresholds</c>: Percentages (1 to 1000) at which budget.threshold_reached is emitted. <c>carryOver</c>: True: what the previous period left unused adds to the current one.</summary>
public sealed record BudgetRequest(
    string? Name = null, BudgetScope? Scope = null, string? Period = null, decimal? Amount = null, string? Currency = null, string? Policy = null,
    IReadOnlyList<int>? Thresholds = null, bool? CarryOver = null);
