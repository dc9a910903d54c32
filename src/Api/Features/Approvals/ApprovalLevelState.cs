namespace Portal.Api.Features.Approvals;

/// <summary>One level of an order's approval: who may decide it and, once decided, who did, when and how.</summary>
public sealed class ApprovalLevelState
{
    /// <summary>1-based position.</summary>
    public int Level { get; set; }

    public string ApproverRole { get; set; } = Infrastructure.Auth.Roles.Approver;

    /// <summary>The unit at which (or above which) the role must be held: the rule's unit or the order's.</summary>
    public Guid OrgUnitId { get; set; }

    public List<Guid> UserIds { get; set; } = [];

    /// <summary>Why the level exists: <c>rule:{name}</c>, <c>budget:{id}</c> or <c>approver-limit</c>.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>null while open; <c>approved</c> or <c>rejected</c>.</summary>
    public string? Decision { get; set; }

    public Guid? DecidedBy { get; set; }

    /// <summary>The absent approver a deputy decided for.</summary>
    public Guid? OnBehalfOf { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary><c>api</c> or <c>link</c>.</summary>
    public string? Via { get; set; }

    /// <summary>Since when the level waits (its start or its last escalation).</summary>
    public DateTimeOffset? WaitingSince { get; set; }
}
