namespace Portal.Api.Features.Approvals;

/// <summary><c>approval.escalated</c>: the level may now also be decided by <see cref="ToRole"/> at <see cref="ToOrgUnitId"/> (or <see cref="ToUserIds"/>).</summary>
public sealed record ApprovalEscalatedData(
    Guid ApprovalId, Guid OrderId, string OrderNumber, int Level, string Kind, string ToRole, Guid ToOrgUnitId, IReadOnlyList<Guid> ToUserIds, DateTimeOffset EscalatedAt);
