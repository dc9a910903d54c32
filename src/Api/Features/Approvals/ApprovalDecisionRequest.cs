namespace Portal.Api.Features.Approvals;

/// <summary>A decision; a rejection needs a <c>reason</c> (up to 1,000 characters).</summary>
public sealed record ApprovalDecisionRequest(string? Reason = null);
