using Portal.Api.Infrastructure.OpenApi;
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

/// <summary>A new customer account. <c>name</c>, <c>customerGroup</c> and <c>currency</c> are required.</summary>
public sealed record CreateCustomerRequest
{
    public string? Name { get; init; }

    /// <summary>Customer-group code (letters, digits, '-', '_').</summary>
    public string? CustomerGroup { get; init; }

    /// <summary>ISO 4217 currency code, e.g. EUR.</summary>
    public string? Currency { get; init; }

    /// <summary>ERP customer number; generated when left out.</summary>
    public string? Number { get; init; }

    /// <summary>priority (default) or lowestPrice.</summary>
    [ContractEnum("PricingStrategy")]
    public string? PricingStrategy { get; init; }

    public bool? RegulatedGoodsApproved { get; init; }

    public bool? RealtimePricing { get; init; }
}

/// <summary>Fields to change on a customer account; fields left out keep their value.</summary>
public sealed record UpdateCustomerRequest
{
    public string? Name { get; init; }

    public string? CustomerGroup { get; init; }

    public string? Currency { get; init; }

    public bool? Active { get; init; }

    /// <summary>priority or lowestPrice.</summary>
    [ContractEnum("PricingStrategy")]
    public string? PricingStrategy { get; init; }

    public bool? RegulatedGoodsApproved { get; init; }

    public bool? RealtimePricing { get; init; }
}

/// <summary>A node of the customer's organisation.</summary>
public sealed record OrgUnitDto(Guid Id, Guid? ParentId, string Name, string? Code, int Depth, Guid? DefaultCostCenterId);

/// <summary>A new org unit under <c>parentId</c> (required: the root exists from the start).</summary>
public sealed record CreateOrgUnitRequest
{
    public Guid? ParentId { get; init; }

    public string? Name { get; init; }

    public string? Code { get; init; }
}

/// <summary>Changes to an org unit; <c>parentId</c> moves it with everything below it.</summary>
public sealed record UpdateOrgUnitRequest
{
    public string? Name { get; init; }

    public string? Code { get; init; }

    public Guid? ParentId { get; init; }

    public Guid? DefaultCostCenterId { get; init; }
}

/// <summary>A role granted at an org unit (and so at every unit below it).</summary>
/// <param name="Role">requester, approver, administrator or read-only.</param>
/// <param name="OrgUnitId">Where the role is granted.</param>
public sealed record RoleGrant([property: ContractEnum("CustomerRole")] string Role, Guid OrgUnitId);

/// <summary>A user of a customer account.</summary>
public sealed record UserDto(Guid Id, string Email, string Name, Guid OrgUnitId, Guid? DeputyUserId, bool Active, IReadOnlyList<RoleGrant> Roles, DateTimeOffset CreatedAt, string Language,
    decimal? SpendingLimit = null, DateTimeOffset? AbsentFrom = null, DateTimeOffset? AbsentUntil = null);

/// <summary>A new user. <c>email</c>, <c>name</c> and at least one role are required.</summary>
public sealed record CreateUserRequest
{
    public string? Email { get; init; }

    public string? Name { get; init; }

    /// <summary>The user's own unit; defaults to the unit of the first role.</summary>
    public Guid? OrgUnitId { get; init; }

    public IReadOnlyList<RoleGrant>? Roles { get; init; }

    /// <summary>Who decides approvals in this user's place.</summary>
    public Guid? DeputyUserId { get; init; }

    /// <summary>The language of the user's mails: <c>de</c> or <c>en</c> (default).</summary>
    public string? Language { get; init; }
}

/// <summary>Changes to a user; <c>roles</c>, when sent, replaces all role grants.</summary>
public sealed record UpdateUserRequest
{
    public string? Name { get; init; }

    public Guid? OrgUnitId { get; init; }

    public IReadOnlyList<RoleGrant>? Roles { get; init; }

    public Guid? DeputyUserId { get; init; }

    /// <summary>The language of the user's mails: <c>de</c> or <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>True removes the deputy.</summary>
    public bool? ClearDeputy { get; init; }

    /// <summary>Per-order spending limit in the account currency (0 or more); orders within it need no approval from rules.</summary>
    public decimal? SpendingLimit { get; init; }

    /// <summary>True removes the spending limit.</summary>
    public bool? ClearSpendingLimit { get; init; }

    /// <summary>Start of an absence: the deputy decides approvals in the user's place from then.</summary>
    public DateTimeOffset? AbsentFrom { get; init; }

    /// <summary>End of the absence (exclusive).</summary>
    public DateTimeOffset? AbsentUntil { get; init; }

    /// <summary>True ends a recorded absence.</summary>
    public bool? ClearAbsence { get; init; }

    /// <summary>False deactivates, true reactivates.</summary>
    public bool? Active { get; init; }
}

/// <summary>A cost center.</summary>
public sealed record CostCenterDto(Guid Id, string Code, string Name, Guid OrgUnitId, bool Active);

/// <summary>A new cost center: <c>code</c>, <c>name</c> and <c>orgUnitId</c> are required.</summary>
public sealed record CreateCostCenterRequest
{
    public string? Code { get; init; }

    public string? Name { get; init; }

    public Guid? OrgUnitId { get; init; }
}

/// <summary>Changes to a cost center.</summary>
public sealed record UpdateCostCenterRequest
{
    public string? Name { get; init; }

    public Guid? OrgUnitId { get; init; }

    public bool? Active { get; init; }
}

/// <summary>A delivery or billing address.</summary>
public sealed record AddressDto(
    Guid Id, [property: ContractEnum("AddressKind")] string Kind, string Name, string? Department, string Street, string? Street2, string PostalCode,
    string City, string? Region, string Country, Guid? OrgUnitId, bool IsDefault);

/// <summary>An address to create, or all fields of an address to replace.</summary>
public sealed record AddressRequest
{
    /// <summary>delivery or billing.</summary>
    [ContractEnum("AddressKind")]
    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Department { get; init; }

    public string? Street { get; init; }

    public string? Street2 { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }

    public string? Region { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; init; }

    public Guid? OrgUnitId { get; init; }

    /// <summary>The default address of its kind (at most one per kind).</summary>
    public bool? IsDefault { get; init; }
}

/// <summary>Who the token is.</summary>
/// <param name="ClientId">The OAuth client.</param>
/// <param name="Kind">supplier or customer.</param>
/// <param name="SupplierRoles">Supplier roles (supplier-side callers).</param>
/// <param name="User">The user a customer client acts as.</param>
/// <param name="Customer">The customer account (customer-side callers, or the one selected with Portal-Customer).</param>
/// <param name="EffectiveRoles">For each org unit of the account, the roles that hold there (granted there or above).</param>
public sealed record MeDto(string ClientId, [property: ContractEnum("CallerKind")] string Kind, [property: ContractEnum("SupplierRole")] IReadOnlyList<string> SupplierRoles, MeUser? User, CustomerDto? Customer, IReadOnlyList<EffectiveRoles> EffectiveRoles);

/// <summary>The user behind a customer-side token.</summary>
public sealed record MeUser(Guid Id, string Email, string Name, Guid OrgUnitId);

/// <summary>The roles that hold at one org unit and where each was granted.</summary>
public sealed record EffectiveRoles(Guid OrgUnitId, string OrgUnitName, IReadOnlyList<RoleGrant> Roles);
