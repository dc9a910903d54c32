namespace Portal.Api.Features.Approvals;

/// <summary>What an e-mailed decision link is bound to: one approver, one approval, one level, until a time.</summary>
public sealed record ApprovalLinkToken(Guid ApprovalId, Guid UserId, int Level, DateTimeOffset ExpiresAt);
