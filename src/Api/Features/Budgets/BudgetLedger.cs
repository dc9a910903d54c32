using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Budgets;

/// <summary>
/// Budget arithmetic against the database: which budgets a demand touches, how much each has left in its
/// period, and the charges an order leaves. Ordering and the budget check both go through
/// <see cref="EvaluateAsync"/>, so the check answers exactly what ordering will do.
/// </summary>
public sealed class BudgetLedger(PortalDbContext db)
{
    /// <summary>
    /// The budgets <paramref name="demand"/> touches and their positions. With <paramref name="lockBudgets"/>
    /// (inside the order's transaction) their rows are locked first, so concurrent orders queue on them and each
    /// sees the charges of those before it: no overspending.
    /// </summary>
    public async Task<BudgetVerdict> EvaluateAsync(BudgetDemand demand, bool lockBudgets, CancellationToken cancellationToken, Approvals.PlacementLookups? lookups = null)
    {
        var ids = await ApplicableAsync(demand, cancellationToken, lookups);
        if (ids.Count == 0)
        {
            return new BudgetVerdict([]);
        }
        if (lockBudgets)
        {
            await LockAsync(ids, cancellationToken);
        }
        var budgets = lockBudgets
            ? await db.Set<Budget>().Where(b => ids.Contains(b.Id)).ToListAsync(cancellationToken)
            : await db.Set<Budget>().AsNoTracking().Where(b => ids.Contains(b.Id)).ToListAsync(cancellationToken);
        var positions = await PositionsAsync(budgets, BudgetPeriods.Day(demand.At), cancellationToken);
        return new BudgetVerdict(positions.Select(p => new BudgetEffect(p, AmountFor(p.Budget, demand))).OrderBy(e => e.Position.Budget.Id).ToList());
    }

    /// <summary>Records what the order charges to each budget and emits the thresholds it crosses (once per period and threshold).</summary>
    public void Charge(Order order, BudgetVerdict verdict, DateTimeOffset now)
    {
        foreach (var effect in verdict.Effects.Where(e => e.Amount > 0))
        {
            var position = effect.Position;
            var budget = position.Budget;
            db.Set<BudgetCharge>().Add(new BudgetCharge
            {
                CustomerId = order.CustomerId, BudgetId = budget.Id, OrderId = order.Id, PeriodStart = position.PeriodStart, Amount = effect.Amount, CreatedAt = now,
            });
            if (position.Available <= 0 || budget.Thresholds.Count == 0)
            {
                continue;
            }
            var used = position.Committed + position.Reserved + effect.Amount;
            var percent = used * 100m / position.Available;
            var reached = budget.ThresholdPeriodStart == position.PeriodStart ? budget.ThresholdsReached.ToList() : [];
            var crossed = budget.Thresholds.Where(t => percent >= t && !reached.Contains(t)).Order().ToList();
            if (crossed.Count == 0)
            {
                continue;
            }
            foreach (var threshold in crossed)
            {
                db.AddEvent(EventTypes.BudgetThresholdReached, order.CustomerId, now, new BudgetThresholdReachedData(
                    budget.Id, BudgetText.Describe(budget), threshold, position.PeriodStart, position.PeriodEnd, position.Available,
                    used, position.Available - used, budget.Currency, order.Id, order.Number, now));
            }
            budget.ThresholdPeriodStart = position.PeriodStart;
            budget.ThresholdsReached = reached.Concat(crossed).Order().ToList();
        }
    }

    /// <summary>Positions of <paramref name="budgets"/> in the periods containing <paramref name="day"/>.</summary>
    public async Task<List<BudgetPosition>> PositionsAsync(IReadOnlyList<Budget> budgets, DateOnly day, CancellationToken cancellationToken)
    {
        if (budgets.Count == 0)
        {
            return [];
        }
        var ids = budgets.Select(b => b.Id).ToList();
        var starts = budgets.SelectMany(b => new[] { BudgetPeriods.Start(b.Period, day), BudgetPeriods.Previous(b.Period, BudgetPeriods.Start(b.Period, day)) }).Distinct().ToList();
        // The charges that count (rejected and cancelled orders released theirs), summed per budget, period and
        // whether the order still waits for approval. PostgreSQL sums them, so a check reads a few rows however many
        // orders a period holds; SQLite cannot sum decimals in SQL, so the embedded mode sums them here.
        var charges = from c in db.Set<BudgetCharge>().AsNoTracking()
                      join o in db.Orders.AsNoTracking() on c.OrderId equals o.Id
                      where ids.Contains(c.BudgetId) && starts.Contains(c.PeriodStart)
                          && o.Status != OrderStatuses.Rejected && o.Status != OrderStatuses.Cancelled
                      select new { c.BudgetId, c.PeriodStart, Pending = o.Status == OrderStatuses.PendingApproval, c.Amount };
        var sums = db.Database.IsSqlite()
            ? (await charges.ToListAsync(cancellationToken))
                .GroupBy(c => (c.BudgetId, c.PeriodStart, c.Pending))
                .Select(g => new ChargeSum(g.Key.BudgetId, g.Key.PeriodStart, g.Key.Pending, g.Sum(c => c.Amount))).ToList()
            : await charges.GroupBy(c => new { c.BudgetId, c.PeriodStart, c.Pending })
                .Select(g => new ChargeSum(g.Key.BudgetId, g.Key.PeriodStart, g.Key.Pending, g.Sum(c => c.Amount))).ToListAsync(cancellationToken);
        var positions = new List<BudgetPosition>(budgets.Count);
        foreach (var budget in budgets)
        {
            var start = BudgetPeriods.Start(budget.Period, day);
            var previous = BudgetPeriods.Previous(budget.Period, start);
            var mine = sums.Where(r => r.BudgetId == budget.Id).ToList();
            var reserved = mine.Where(r => r.PeriodStart == start && r.Pending).Sum(r => r.Amount);
            var committed = mine.Where(r => r.PeriodStart == start && !r.Pending).Sum(r => r.Amount);
            var carried = budget.CarryOver ? Math.Max(0, budget.Amount - mine.Where(r => r.PeriodStart == previous).Sum(r => r.Amount)) : 0;
            positions.Add(new BudgetPosition(budget, start, BudgetPeriods.End(budget.Period, start), budget.Amount + carried, carried, committed, reserved));
        }
        return positions;
    }

    /// <summary>Rejected and cancelled orders release what they charged.</summary>
    public static bool Counts(string orderStatus) => orderStatus is not (OrderStatuses.Rejected or OrderStatuses.Cancelled);

    /// <summary>What the counting charges of one budget add up to in one period, pending approval or not.</summary>
    private sealed record ChargeSum(Guid BudgetId, DateOnly PeriodStart, bool Pending, decimal Amount);

    private static decimal AmountFor(Budget budget, BudgetDemand demand) =>
        budget.CostCenterId is { } costCenter ? demand.ByCostCenter.GetValueOrDefault(costCenter) : demand.Total;

    /// <summary>Ids of the account's budgets in the demand's currency that its cost centers, unit or requester's roles fall under.</summary>
    private async Task<List<Guid>> ApplicableAsync(BudgetDemand demand, CancellationToken cancellationToken, Approvals.PlacementLookups? lookups)
    {
        var budgets = await Approvals.PlacementLookups.Memo(lookups, $"budgets:{demand.Currency}", () => db.Set<Budget>().AsNoTracking().Where(b => b.Currency == demand.Currency)
            .Select(b => new { b.Id, b.CostCenterId, b.OrgUnitId, b.Role }).ToListAsync(cancellationToken));
        if (budgets.Count == 0)
        {
            return [];
        }
        var unitIds = budgets.Select(b => b.OrgUnitId).OfType<Guid>().Append(demand.OrgUnitId ?? Guid.Empty).Distinct().ToList();
        var paths = await Approvals.PlacementLookups.Memo(lookups, $"budget-paths:{string.Join(',', unitIds)}",
            () => db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, cancellationToken));
        var orderPath = demand.OrgUnitId is { } unit ? paths.GetValueOrDefault(unit) : null;
        var roles = demand.RequesterId is { } requester
            ? await Approvals.PlacementLookups.Memo(lookups, $"roles:{requester}",
                () => db.RoleAssignments.AsNoTracking().Where(r => r.UserId == requester).Select(r => r.Role).Distinct().ToListAsync(cancellationToken))
            : [];
        return budgets.Where(b =>
                b.CostCenterId is { } cc ? demand.ByCostCenter.GetValueOrDefault(cc) > 0
                : b.OrgUnitId is { } u ? orderPath is not null && paths.TryGetValue(u, out var path) && orderPath.StartsWith(path, StringComparison.Ordinal)
                : b.Role is { } role && roles.Contains(role))
            .Select(b => b.Id).ToList();
    }

    /// <summary>Locks the budget rows until the transaction ends, in id order (no deadlocks between orders).</summary>
    private async Task LockAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        var sorted = ids.Order().ToArray();
        if (db.Database.IsNpgsql())
        {
            await db.Database.SqlQueryRaw<Guid>("SELECT id AS \"Value\" FROM budgets WHERE id = ANY({0}) ORDER BY id FOR UPDATE", sorted).ToListAsync(cancellationToken);
        }
        else
        {
            // SQLite: a write takes the database's write lock, which the transaction keeps until it ends.
            await db.Set<Budget>().IgnoreQueryFilters().Where(b => sorted.Contains(b.Id)).ExecuteUpdateAsync(s => s.SetProperty(b => b.Version, b => b.Version), cancellationToken);
        }
    }
}
