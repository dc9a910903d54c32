namespace Portal.Api.Features.Budgets;

/// <summary>What ordering would do: <c>allowed</c> false means a block budget refuses the order (409 budget-exceeded). <c>policy</c>: The strongest policy of the budgets that would be exceeded: block, require-approval, warn, or none. <c>remaining</c>: The least left among the budgets touched (null: no budget applies).</summary>
public sealed record BudgetCheckResult(bool Allowed, string Policy, decimal? Remaining, bool WouldExceed, IReadOnlyList<BudgetCheckItem> Budgets);
