namespace Portal.Api.Features.Approvals;

/// <summary>An approval rule (create or replace): <c>name</c> and 1 to 10 <c>levels</c> are required.</summary>
/// <param name="Name">Shown in approvals and the order history.</param>
/// <param name="Conditions">When the rule applies.</param>
/// <param name="Levels">Decided in order.</param>
/// <param name="EscalateAfter">ISO 8601 duration (e.g. PT4H): a level pending longer is escalated.</param>
public sealed record ApprovalRuleRequest(string? Name, ApprovalRuleConditions? Conditions, IReadOnlyList<ApprovalLevelRequest>? Levels, string? EscalateAfter = null);
