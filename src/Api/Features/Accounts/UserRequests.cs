namespace Portal.Api.Features.Accounts;

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

    /// <summary>False deactivates, true reactivates.</summary>
    public bool? Active { get; init; }
}
