namespace Portal.Api.Features.Approvals;

/// <summary>The order an approval is about.</summary>
public sealed record ApprovalOrderSummary(
    Guid Id, string Number, string Status, string? CustomerReference, Guid? RequesterId, Guid? OrgUnitId, string Currency, decimal Total, int LineCount, DateTimeOffset CreatedAt);
