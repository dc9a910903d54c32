namespace Portal.Api.Features.Budgets;

/// <summary>
/// An order a procurement system is about to send. Without <c>orgUnitId</c> the caller's unit is assumed
/// (supplier-side callers: the account's root); without <c>costCenterId</c> the unit's default cost center,
/// exactly as ordering charges lines.
/// </summary>
public sealed record BudgetCheckRequest(Guid? CostCenterId, Guid? OrgUnitId, decimal? Amount, string? Currency);
