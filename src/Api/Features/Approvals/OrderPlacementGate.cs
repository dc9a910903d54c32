using Portal.Api.Features.Budgets;
using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// The one step every new order passes (REST, CSV import, reorder carts, cXML OrderRequest), inside its
/// transaction: budgets are locked and checked (a <c>block</c> budget refuses with 409 budget-exceeded), the
/// approval the order needs is started (status <c>pending-approval</c>, <c>approval.requested</c>), and the
/// order's budget charges are written. Answers whether it locked budgets or started an approval (then the
/// order's transaction holds more than the order itself).
/// </summary>
public sealed class OrderPlacementGate(PortalDbContext db, BudgetLedger ledger, ApprovalRouting routing)
{
    /// <summary>Checks and charges the order's budgets and starts the approval it needs.</summary>
    /// <param name="order">The order, with its lines and total.</param>
    /// <param name="now">The placement time.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="lookups">What an import reads once for all its orders.</param>
    /// <param name="existing">The order's approval when it passes the gate again (a change order): reused for the new
    /// approval (one per order), or cancelled when it was still pending and no approval is needed any more.</param>
    public async Task<bool> ApplyAsync(Order order, DateTimeOffset now, CancellationToken cancellationToken, PlacementLookups? lookups = null, Approval? existing = null)
    {
        var demand = DemandOf(order, now);
        var verdict = await ledger.EvaluateAsync(demand, lockBudgets: true, cancellationToken, lookups);
        if (verdict.Blocking is { } blocking)
        {
            throw new BudgetExceededException(blocking);
        }
        var plan = await routing.PlanAsync(order, verdict, cancellationToken, lookups);
        if (plan.Levels.Count > 0)
        {
            order.Status = OrderStatuses.PendingApproval;
            plan.Levels[0].WaitingSince = now;
            var approval = existing ?? new Approval
            {
                CustomerId = order.CustomerId, OrderId = order.Id, OrderNumber = order.Number, Currency = order.Currency,
            };
            // A change order starts the approval over: earlier decisions were about other lines.
            approval.RequesterId = order.RequesterId;
            approval.OrgUnitId = order.OrgUnitId;
            approval.Total = order.Total;
            approval.Currency = order.Currency;
            approval.Status = ApprovalStatuses.Pending;
            approval.Levels = plan.Levels;
            approval.Escalations = [];
            approval.Reasons = plan.Reasons;
            approval.RejectionReason = null;
            approval.EscalateAfter = plan.EscalateAfter;
            approval.EscalateAt = now + plan.EscalateAfter;
            approval.CreatedAt = now;
            approval.DecidedAt = null;
            if (existing is null)
            {
                db.Set<Approval>().Add(approval);
            }
            db.AddEvent(EventTypes.ApprovalRequested, order.CustomerId, now, ApprovalOrderSteps.Requested(approval, plan.Levels[0], now));
        }
        else if (existing is { Status: ApprovalStatuses.Pending })
        {
            existing.Status = ApprovalStatuses.Cancelled;
            existing.DecidedAt = now;
        }
        ledger.Charge(order, verdict, now);
        return verdict.Effects.Count > 0 || plan.Levels.Count > 0;
    }

    /// <summary>
    /// A placed order whose lines changed (a change order) passes the gate again: what it charged is released, the
    /// budgets are checked against its new lines (a <c>block</c> budget refuses the change), and its approval is decided
    /// anew (<c>pending-approval</c> with the approval started over, or <c>submitted</c>). The caller replaced the lines
    /// and saves, in one transaction.
    /// </summary>
    public async Task ReapplyAsync(Order order, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ledger.ReleaseAsync(order.Id, order.Status, cancellationToken);
        var existing = await db.Set<Approval>().FirstOrDefaultAsync(a => a.OrderId == order.Id, cancellationToken);
        order.Status = OrderStatuses.Submitted;
        await ApplyAsync(order, now, cancellationToken, existing: existing);
    }

    /// <summary>The order's consumption: its total (unit and role budgets) and each cost center's share.</summary>
    public static BudgetDemand DemandOf(Order order, DateTimeOffset now) => new(
        order.OrgUnitId, order.RequesterId, order.Currency, order.Total,
        order.Lines.Where(l => l.CostCenterId is not null).GroupBy(l => l.CostCenterId!.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.LineTotal)),
        now);
}
