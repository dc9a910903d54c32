namespace Portal.Api.Features.Accounts;

/// <summary>A role granted at an org unit (and so at every unit below it).</summary>
/// <param name="Role">requester, approver, administrator or read-only.</param>
/// <param name="OrgUnitId">Where the role is granted.</param>
public sealed record RoleGrant([property: ContractEnum("CustomerRole")] string Role, Guid OrgUnitId);

/// <summary>A user of a customer account.</summary>
public sealed record UserDto(Guid Id, string Email, string Name, Guid OrgUnitId, Guid? DeputyUserId, bool Active, IReadOnlyList<RoleGrant> Roles, DateTimeOffset CreatedAt, string Language,
    decimal? SpendingLimit = null, DateTimeOffset? AbsentFrom = null, DateTimeOffset? AbsentUntil = null);
