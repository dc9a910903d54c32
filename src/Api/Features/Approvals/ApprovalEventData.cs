namespace Portal.Api.Features.Approvals;

// The `data` of the approval events (docs/events.md). Add fields freely; never remove or rename one.

/// <summary><c>approval.requested</c>: an order waits for <see cref="Level"/>.</summary>
public sealed record ApprovalRequestedData(
    Guid ApprovalId, Guid OrderId, string OrderNumber, int Level, int Levels, string ApproverRole, Guid OrgUnitId,
    IReadOnlyList<Guid> UserIds, decimal Total, string Currency, IReadOnlyList<string> Reasons, DateTimeOffset RequestedAt);
