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
    public async Task<bool> ApplyAsync(Order order, DateTimeOffset now, CancellationToken cancellationToken, PlacementLookups? lookups = null)
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
            var approval = new Approval
            {
                CustomerId = order.CustomerId, OrderId = order.Id, OrderNumber = order.Number, RequesterId = order.RequesterId, OrgUnitId = order.OrgUnitId,
                Total = order.Total, Currency = order.Currency, Levels = plan.Levels, Reasons = plan.Reasons, EscalateAfter = plan.EscalateAfter,
                EscalateAt = now + plan.EscalateAfter, CreatedAt = now,
            };
            db.Set<Approval>().Add(approval);
            db.AddEvent(EventTypes.ApprovalRequested, order.CustomerId, now, ApprovalOrderSteps.Requested(approval, plan.Levels[0], now));
        }
        ledger.Charge(order, verdict, now);
        return verdict.Effects.Count > 0 || plan.Levels.Count > 0;
    }

    /// <summary>The order's consumption: its total (unit and role budgets) and each cost center's share.</summary>
    public static BudgetDemand DemandOf(Order order, DateTimeOffset now) => new(
        order.OrgUnitId, order.RequesterId, order.Currency, order.Total,
        order.Lines.Where(l => l.CostCenterId is not null).GroupBy(l => l.CostCenterId!.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.LineTotal)),
        now);
}
