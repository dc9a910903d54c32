namespace Portal.Api.Features.Accounts;

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
