namespace Portal.Api.Features.Approvals;

/// <summary>When a rule applies: all given conditions must hold (none given: every order).</summary>
/// <param name="MinOrderTotal">Orders with a total of at least this (account currency).</param>
/// <param name="OrgUnitId">Orders placed at this unit or below it.</param>
/// <param name="CostCenterId">Orders with a line charged to this cost center.</param>
/// <param name="Category">Orders with a line of this product category.</param>
/// <param name="RegulatedProducts">True: orders with a line of a regulated product.</param>
public sealed record ApprovalRuleConditions(decimal? MinOrderTotal = null, Guid? OrgUnitId = null, Guid? CostCenterId = null, string? Category = null, bool? RegulatedProducts = null);
