namespace Portal.Api.Features.Budgets;

/// <summary>What a budget covers: exactly one of a cost center, an org unit (and below) or a role (orders of users holding it).</summary>
public sealed record BudgetScope(Guid? CostCenterId = null, Guid? OrgUnitId = null, string? Role = null);
