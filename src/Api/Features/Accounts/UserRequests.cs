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
