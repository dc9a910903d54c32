namespace Portal.Api.Features.Approvals;

/// <summary>A level of a rule: users with <c>approverRole</c> at <c>orgUnitId</c> (default: the order's unit) or above, or one of <c>userIds</c>.</summary>
/// <param name="ApproverRole">approver or administrator.</param>
/// <param name="OrgUnitId">The unit at or above which the role must be held.</param>
/// <param name="UserIds">Named approvers (up to 50).</param>
public sealed record ApprovalLevelRequest(string? ApproverRole, Guid? OrgUnitId = null, IReadOnlyList<Guid>? UserIds = null);
