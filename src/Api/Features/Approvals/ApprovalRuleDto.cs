namespace Portal.Api.Features.Approvals;

/// <summary>An approval rule.</summary>
public sealed record ApprovalRuleDto(
    Guid Id, string Name, ApprovalRuleConditions Conditions, IReadOnlyList<ApprovalLevelRequest> Levels, string? EscalateAfter,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
