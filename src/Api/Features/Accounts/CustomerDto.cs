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
/// <param name="RegulatedGoodsApproved">Member of the customer group <c>regulated</c> (the former flag; see <c>groups</c>).</param>
/// <param name="RealtimePricing">Prices come from the ERP's real-time endpoint first.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="Groups">Further customer groups the account belongs to (restricted products name the groups that may buy them).</param>
/// <param name="Retention">How long the account's personal data is kept (days; the configured defaults where the account sets none).</param>
public sealed record CustomerDto(
    Guid Id, string Number, string Name, string CustomerGroup, string Currency, bool Active, Guid? RootOrgUnitId,
    [property: ContractEnum("PricingStrategy")] string PricingStrategy, bool RegulatedGoodsApproved, bool RealtimePricing, DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Groups = null, RetentionDto? Retention = null);

/// <summary>How long personal data of an account is kept, in days (docs/privacy.md).</summary>
/// <param name="AccessLogDays">Access-log entries are deleted after this many days.</param>
/// <param name="InactiveUserDays">Deactivated users are pseudonymised after this many days.</param>
/// <param name="OrderPersonalDataDays">The people in orders, carts, punchout sessions and quotes are pseudonymised after this many days; orders and amounts stay.</param>
public sealed record RetentionDto(int AccessLogDays, int InactiveUserDays, int OrderPersonalDataDays);

/// <summary>Retention periods to set, in days (1 to 3650); a field left out keeps its value, <c>0</c> returns it to the configured default.</summary>
public sealed record RetentionInput
{
    public int? AccessLogDays { get; init; }

    public int? InactiveUserDays { get; init; }

    public int? OrderPersonalDataDays { get; init; }
}
