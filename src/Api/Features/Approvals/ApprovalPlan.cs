namespace Portal.Api.Features.Approvals;

/// <summary>The levels an order must pass (none: it needs no approval), why, and after how long a level escalates.</summary>
public sealed record ApprovalPlan(List<ApprovalLevelState> Levels, List<string> Reasons, TimeSpan? EscalateAfter);
