using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// The steps of an approval: a decision on the open level (through the API or an e-mailed link) and an
/// escalation. Levels are decided strictly in order: only the open level's deciders may act, and each step
/// goes onto the order's history and out as an event in the same transaction.
/// </summary>
public sealed class ApprovalWorkflow(PortalDbContext db, ApprovalDeciders deciders, ApprovalOrderSteps steps, TimeProvider clock)
{
    public const string Approve = "approved";
    public const string Reject = "rejected";

    /// <summary>Decides the open level of <paramref name="approval"/> as <paramref name="userId"/>; the caller saves.</summary>
    public async Task DecideAsync(Approval approval, Order order, Guid userId, string decision, string? reason, string via, CancellationToken cancellationToken)
    {
        if (approval.Status != ApprovalStatuses.Pending || order.Status != OrderStatuses.PendingApproval || approval.Current is not { } level)
        {
            throw new ConflictException($"The approval is no longer pending (order {order.Number} is {order.Status}).");
        }
        if (approval.RequesterId == userId)
        {
            throw new ForbiddenException("You cannot approve or reject your own order.");
        }
        var allowed = await deciders.ForCurrentLevelAsync(approval, cancellationToken);
        if (!allowed.TryGetValue(userId, out var onBehalfOf))
        {
            throw new ForbiddenException($"You may not decide level {level.Level} of this approval: it needs the role {level.ApproverRole} at the order's unit (or above), a named approver, or their deputy during an absence.");
        }
        if (decision == Reject && string.IsNullOrWhiteSpace(reason))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["reason"] = ["A rejection needs a reason."] });
        }
        var now = clock.GetUtcNow();
        var actor = ApprovalOrderSteps.Actor(userId, onBehalfOf);
        level.Decision = decision;
        level.DecidedBy = userId;
        level.OnBehalfOf = onBehalfOf;
        level.DecidedAt = now;
        level.Via = via;
        var text = reason is null ? null : Infrastructure.Text.Clip(reason.Trim(), 1000);
        if (decision == Reject)
        {
            approval.Status = ApprovalStatuses.Rejected;
            approval.RejectionReason = text;
            approval.DecidedAt = now;
            approval.EscalateAt = null;
            steps.Move(order, OrderStatuses.Rejected, actor, $"Level {level.Level} of {approval.Levels.Count} rejected: {text}", now);
        }
        else
        {
            await CapByApproverLimitAsync(approval, level, userId, cancellationToken);
            if (approval.Current is { } next)
            {
                next.WaitingSince = now;
                approval.EscalateAt = now + approval.EscalateAfter;
                steps.Record(order, actor, $"Level {level.Level} of {approval.Levels.Count} approved", now);
                db.AddEvent(EventTypes.ApprovalRequested, order.CustomerId, now, ApprovalOrderSteps.Requested(approval, next, now));
            }
            else
            {
                approval.Status = ApprovalStatuses.Approved;
                approval.DecidedAt = now;
                approval.EscalateAt = null;
                steps.Move(order, OrderStatuses.Approved, actor, $"Level {level.Level} of {approval.Levels.Count} approved: approval complete", now);
            }
        }
        db.AddEvent(EventTypes.ApprovalDecided, order.CustomerId, now, new ApprovalDecidedData(
            approval.Id, order.Id, order.Number, level.Level, decision, userId, onBehalfOf, via, text, approval.Status, now));
    }

    /// <summary>
    /// An approver's own spending limit caps what they may approve: approving above it at the last level
    /// adds a level for the account's administrators at the root.
    /// </summary>
    private async Task CapByApproverLimitAsync(Approval approval, ApprovalLevelState level, Guid userId, CancellationToken cancellationToken)
    {
        var limit = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SpendingLimit).FirstOrDefaultAsync(cancellationToken);
        if (limit is { } cap && approval.Total > cap && approval.Levels[^1] == level)
        {
            var root = await db.OrgUnits.AsNoTracking().Where(o => o.CustomerId == approval.CustomerId && o.ParentId == null).Select(o => o.Id).FirstAsync(cancellationToken);
            approval.Levels.Add(new ApprovalLevelState { Level = approval.Levels.Count + 1, ApproverRole = Roles.Administrator, OrgUnitId = root, Source = "approver-limit" });
        }
    }

    /// <summary>
    /// The open level waited longer than <c>escalateAfter</c>: it may now also be decided by the next level's
    /// approvers (or, past the last level, the administrators at the root). The caller saves.
    /// </summary>
    public async Task EscalateAsync(Approval approval, Order order, CancellationToken cancellationToken)
    {
        if (approval.Current is not { } level || approval.EscalateAfter is not { } after)
        {
            approval.EscalateAt = null;
            return;
        }
        var now = clock.GetUtcNow();
        var earlier = approval.Escalations.Count(e => e.Level == level.Level);
        var targetIndex = level.Level + earlier; // 0-based index of the level after those already escalated to
        ApprovalEscalation escalation;
        if (targetIndex < approval.Levels.Count)
        {
            var target = approval.Levels[targetIndex];
            escalation = new ApprovalEscalation { Level = level.Level, At = now, ToRole = target.ApproverRole, ToOrgUnitId = target.OrgUnitId, ToUserIds = target.UserIds, Kind = "next-level" };
        }
        else if (approval.Escalations.Any(e => e.Level == level.Level && e.Kind == "root-administrators"))
        {
            approval.EscalateAt = null; // nobody above the administrators at the root
            return;
        }
        else
        {
            var root = await db.OrgUnits.AsNoTracking().Where(o => o.CustomerId == approval.CustomerId && o.ParentId == null).Select(o => o.Id).FirstAsync(cancellationToken);
            escalation = new ApprovalEscalation { Level = level.Level, At = now, ToRole = Roles.Administrator, ToOrgUnitId = root, Kind = "root-administrators" };
        }
        approval.Escalations.Add(escalation);
        level.WaitingSince = now;
        approval.EscalateAt = now + after;
        steps.Record(order, "scheduler", $"Level {level.Level} of {approval.Levels.Count} escalated ({escalation.Kind}) after waiting {after}", now);
        db.AddEvent(EventTypes.ApprovalEscalated, order.CustomerId, now, new ApprovalEscalatedData(
            approval.Id, order.Id, order.Number, level.Level, escalation.Kind, escalation.ToRole, escalation.ToOrgUnitId, escalation.ToUserIds, now));
    }
}
