namespace Portal.Api.Features.Approvals;

/// <summary>
/// One level of an approval rule: any user holding <see cref="ApproverRole"/> at <see cref="OrgUnitId"/>
/// (default: the order's unit) or above it, or one of <see cref="UserIds"/>, may decide it.
/// </summary>
public sealed class ApprovalLevelSpec
{
    /// <summary><c>approver</c> or <c>administrator</c>.</summary>
    public string ApproverRole { get; set; } = Infrastructure.Auth.Roles.Approver;

    public Guid? OrgUnitId { get; set; }

    public List<Guid>? UserIds { get; set; }
}
