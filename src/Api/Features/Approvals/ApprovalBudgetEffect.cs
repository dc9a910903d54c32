namespace Portal.Api.Features.Approvals;

/// <summary>What the order charges to a budget, and what that budget has left now (the charge included).</summary>
public sealed record ApprovalBudgetEffect(Guid BudgetId, string Budget, string Policy, decimal Amount, decimal Remaining, string Currency);
