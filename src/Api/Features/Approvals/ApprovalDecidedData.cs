namespace Portal.Api.Features.Approvals;

/// <summary><c>approval.decided</c>: one level decided; <see cref="ApprovalStatus"/> tells whether the order is now approved, rejected or waits for the next level.</summary>
public sealed record ApprovalDecidedData(
    Guid ApprovalId, Guid OrderId, string OrderNumber, int Level, string Decision, Guid DecidedBy, Guid? OnBehalfOf,
    string Via, string? Reason, string ApprovalStatus, DateTimeOffset DecidedAt);
