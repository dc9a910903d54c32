namespace Portal.Api.Features.Approvals;

/// <summary>An order's approval: its levels (decided ones with who, when, how and on whose behalf), escalations, the order and its budget effect. <c>status</c>: pending, approved, rejected, or cancelled (the order was cancelled while pending). <c>currentLevel</c>: The open level (1-based), null when decided. <c>canDecide</c>: Whether the caller may decide the open level now.</summary>
public sealed record ApprovalDto(
    Guid Id, string Status, int? CurrentLevel, IReadOnlyList<ApprovalLevelState> Levels, IReadOnlyList<ApprovalEscalation> Escalations,
    IReadOnlyList<string> Reasons, string? RejectionReason, string? EscalateAfter, ApprovalOrderSummary Order, IReadOnlyList<ApprovalBudgetEffect> BudgetEffects,
    bool CanDecide, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);
