namespace Portal.Api.Features.Accounts;

/// <summary>A customer account.</summary>
/// <param name="Id">Opaque id; send it as the Portal-Customer header to act for this account.</param>
/// <param name="Number">Customer number in the supplier's ERP.</param>
/// <param name="Name">Company name.</param>
/// <param name="CustomerGroup">Customer-group code used by pricing.</param>
/// <param name="Currency">ISO 4217 default currency.</param>
/// <param name="Active">Inactive accounts cannot sign in.</param>
/// <param name="RootOrgUnitId">The org unit that stands for the company itself.</param>
/// <param name="PricingStrategy">priority (first applicable kind of condition wins) or lowestPrice.</param>
/// <param name="RegulatedGoodsApproved">May buy regulated products.</param>
/// <param name="RealtimePricing">Prices come from the ERP's real-time endpoint first.</param>
/// <param name="CreatedAt">When the account was created.</param>
public sealed record CustomerDto(
    Guid Id, string Number, string Name, string CustomerGroup, string Currency, bool Active, Guid? RootOrgUnitId,
    [property: ContractEnum("PricingStrategy")] string PricingStrategy, bool RegulatedGoodsApproved, bool RealtimePricing, DateTimeOffset CreatedAt);
