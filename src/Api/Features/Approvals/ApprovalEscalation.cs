namespace Portal.Api.Features.Approvals;

/// <summary>A level that waited too long: who else may now decide it.</summary>
public sealed class ApprovalEscalation
{
    public int Level { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The role that now may decide too, at <see cref="ToOrgUnitId"/> or above.</summary>
    public string ToRole { get; set; } = Infrastructure.Auth.Roles.Administrator;

    public Guid ToOrgUnitId { get; set; }

    public List<Guid> ToUserIds { get; set; } = [];

    /// <summary><c>next-level</c> or <c>root-administrators</c>.</summary>
    public string Kind { get; set; } = string.Empty;
}
