using Microsoft.EntityFrameworkCore.ChangeTracking;
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
    // The period totals read under the budgets' lock (placement), tracked: Charge adds to them.
    private readonly Dictionary<(Guid BudgetId, DateOnly PeriodStart), BudgetPeriodTotal> _tracked = [];

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
            await LockAsync(db, ids, cancellationToken);
        }
        var budgets = lockBudgets
            ? await db.Set<Budget>().Where(b => ids.Contains(b.Id)).ToListAsync(cancellationToken)
            : await db.Set<Budget>().AsNoTracking().Where(b => ids.Contains(b.Id)).ToListAsync(cancellationToken);
        var positions = await PositionsAsync(budgets, BudgetPeriods.Day(demand.At), cancellationToken, track: lockBudgets);
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
            if (!_tracked.TryGetValue((budget.Id, position.PeriodStart), out var total))
            {
                total = new BudgetPeriodTotal { BudgetId = budget.Id, PeriodStart = position.PeriodStart, CustomerId = order.CustomerId };
                db.Set<BudgetPeriodTotal>().Add(total);
                _tracked[(budget.Id, position.PeriodStart)] = total;
            }
            total.Charged += effect.Amount;
            if (ShareOf(order.Status) == Share.Reserved)
            {
                total.Reserved += effect.Amount;
            }
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

    /// <summary>
    /// Takes back what an order charged, before it passes the gate again with changed lines (a change order): its
    /// charges are deleted and, on PostgreSQL, its periods' totals lowered by them (the reserved share too while the
    /// order is <paramref name="status"/> pending approval), under the budgets' lock, in the caller's transaction.
    /// </summary>
    public async Task ReleaseAsync(Guid orderId, string status, CancellationToken cancellationToken)
    {
        var charges = await db.Set<BudgetCharge>().AsNoTracking().Where(c => c.OrderId == orderId)
            .Select(c => new { c.BudgetId, c.PeriodStart, c.Amount }).ToListAsync(cancellationToken);
        if (charges.Count == 0)
        {
            return;
        }
        await LockAsync(db, charges.Select(c => c.BudgetId).Distinct().ToList(), cancellationToken);
        if (db.Database.IsNpgsql())
        {
            var share = ShareOf(status);
            foreach (var period in charges.GroupBy(c => (c.BudgetId, c.PeriodStart)).OrderBy(g => g.Key))
            {
                var (budgetId, start) = period.Key;
                var amount = period.Sum(c => c.Amount);
                var reserved = share == Share.Reserved ? amount : 0m;
                var changed = await db.Set<BudgetPeriodTotal>().IgnoreQueryFilters().Where(t => t.BudgetId == budgetId && t.PeriodStart == start)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Charged, t => t.Charged - amount).SetProperty(t => t.Reserved, t => t.Reserved - reserved), cancellationToken);
                if (changed != 1)
                {
                    throw new InvalidOperationException($"Budget {budgetId} has charges in the period from {start} but no totals row.");
                }
            }
        }
        // SQLite sums the charges themselves (the totals rows are not read there).
        await db.Set<BudgetCharge>().Where(c => c.OrderId == orderId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Positions of <paramref name="budgets"/> in the periods containing <paramref name="day"/>. With
    /// <paramref name="track"/> (under the budgets' lock, before <see cref="Charge"/>) the period totals are tracked.
    /// </summary>
    public async Task<List<BudgetPosition>> PositionsAsync(IReadOnlyList<Budget> budgets, DateOnly day, CancellationToken cancellationToken, bool track = false)
    {
        if (budgets.Count == 0)
        {
            return [];
        }
        var ids = budgets.Select(b => b.Id).ToList();
        var starts = budgets.SelectMany(b => new[] { BudgetPeriods.Start(b.Period, day), BudgetPeriods.Previous(b.Period, BudgetPeriods.Start(b.Period, day)) }).Distinct().ToList();
        var sqlite = db.Database.IsSqlite();
        var totals = db.Set<BudgetPeriodTotal>().Where(t => ids.Contains(t.BudgetId) && starts.Contains(t.PeriodStart));
        // Read when they are summed from (PostgreSQL) or added to (Charge, after a tracked read).
        var periodTotals = track ? await totals.ToListAsync(cancellationToken) : sqlite ? [] : await totals.AsNoTracking().ToListAsync(cancellationToken);
        if (track)
        {
            foreach (var total in periodTotals)
            {
                _tracked[(total.BudgetId, total.PeriodStart)] = total;
            }
        }
        var sums = sqlite ? await SumChargesAsync(ids, starts, cancellationToken) : FromTotals(periodTotals);
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

    /// <summary>The statuses whose orders released what they charged.</summary>
    private static readonly string[] Released = [OrderStatuses.Rejected, OrderStatuses.Cancelled];

    /// <summary>Rejected and cancelled orders release what they charged.</summary>
    public static bool Counts(string orderStatus) => !Released.Contains(orderStatus);

    /// <summary>Where an order's charges stand in its budgets' periods, by the order's status.</summary>
    private enum Share { Committed, Reserved, Released }

    private static Share ShareOf(string orderStatus) =>
        orderStatus == OrderStatuses.PendingApproval ? Share.Reserved : Released.Contains(orderStatus) ? Share.Released : Share.Committed;

    /// <summary>What the counting charges of one budget add up to in one period, pending approval or not.</summary>
    private sealed record ChargeSum(Guid BudgetId, DateOnly PeriodStart, bool Pending, decimal Amount);

    /// <summary>PostgreSQL: a period's position is its totals row — what is reserved, and the rest of what counts.</summary>
    private static List<ChargeSum> FromTotals(List<BudgetPeriodTotal> periodTotals)
    {
        var sums = new List<ChargeSum>(periodTotals.Count * 2);
        foreach (var total in periodTotals)
        {
            sums.Add(new ChargeSum(total.BudgetId, total.PeriodStart, Pending: true, total.Reserved));
            sums.Add(new ChargeSum(total.BudgetId, total.PeriodStart, Pending: false, total.Charged - total.Reserved - total.Released));
        }
        return sums;
    }

    /// <summary>A tracked order whose status moves its charges between committed, reserved and released.</summary>
    public sealed record StatusMove(Guid OrderId, string From, string To);

    /// <summary>The tracked orders whose pending status change moves their charges to another share (none: an empty list).</summary>
    public static List<StatusMove> StatusMoves(ChangeTracker tracker)
    {
        List<StatusMove>? moves = null;
        foreach (var entry in tracker.Entries<Order>())
        {
            if (entry.State != EntityState.Modified)
            {
                continue;
            }
            var status = entry.Property(o => o.Status);
            if (status.IsModified && ShareOf(status.OriginalValue) != ShareOf(status.CurrentValue))
            {
                (moves ??= []).Add(new StatusMove(entry.Entity.Id, status.OriginalValue, status.CurrentValue));
            }
        }
        return moves ?? [];
    }

    /// <summary>
    /// PostgreSQL, inside the transaction that saves the status changes: moves the orders' charges between the
    /// reserved, released and committed shares of their periods' totals, under the budget rows' lock (as
    /// <see cref="Charge"/>), so a total never misses a change that committed and never counts one that did not.
    /// A totals row this context tracks (a placement in the same unit of work read it under the lock) is changed in
    /// place, because saving it writes its values; any other is changed in the database. Answers what undoes the
    /// in-place changes, for a unit of work that fails and is tried again.
    /// </summary>
    public static async Task<Action> ApplyStatusMovesAsync(PortalDbContext db, IReadOnlyList<StatusMove> moves, CancellationToken cancellationToken)
    {
        var undo = () => { };
        var orderIds = moves.Select(m => m.OrderId).ToList();
        var charges = await db.Set<BudgetCharge>().IgnoreQueryFilters().AsNoTracking().Where(c => orderIds.Contains(c.OrderId))
            .Select(c => new { c.OrderId, c.BudgetId, c.PeriodStart, c.Amount }).ToListAsync(cancellationToken);
        if (charges.Count == 0)
        {
            return undo;
        }
        await LockAsync(db, charges.Select(c => c.BudgetId).Distinct().ToList(), cancellationToken);
        var byOrder = moves.ToDictionary(m => m.OrderId);
        foreach (var period in charges.GroupBy(c => (c.BudgetId, c.PeriodStart)).OrderBy(g => g.Key))
        {
            decimal reserved = 0, released = 0;
            foreach (var charge in period)
            {
                var move = byOrder[charge.OrderId];
                reserved += charge.Amount * (Weight(move.To, Share.Reserved) - Weight(move.From, Share.Reserved));
                released += charge.Amount * (Weight(move.To, Share.Released) - Weight(move.From, Share.Released));
            }
            if (reserved == 0 && released == 0)
            {
                continue;
            }
            var (budgetId, start) = period.Key;
            if (db.ChangeTracker.Entries<BudgetPeriodTotal>().FirstOrDefault(e => e.Entity.BudgetId == budgetId && e.Entity.PeriodStart == start)?.Entity is { } tracked)
            {
                tracked.Reserved += reserved;
                tracked.Released += released;
                var before = undo;
                undo = () => { before(); tracked.Reserved -= reserved; tracked.Released -= released; };
                continue;
            }
            var changed = await db.Set<BudgetPeriodTotal>().IgnoreQueryFilters().Where(t => t.BudgetId == budgetId && t.PeriodStart == start)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Reserved, t => t.Reserved + reserved).SetProperty(t => t.Released, t => t.Released + released), cancellationToken);
            if (changed != 1)
            {
                // Every charge is written with its period's totals row, in one transaction: this is a broken invariant.
                throw new InvalidOperationException($"Budget {budgetId} has charges in the period from {start} but no totals row.");
            }
        }
        return undo;
    }

    private static int Weight(string orderStatus, Share share) => ShareOf(orderStatus) == share ? 1 : 0;

    /// <summary>SQLite, which cannot sum decimals in SQL: the charges that count, read and summed here.</summary>
    private async Task<List<ChargeSum>> SumChargesAsync(List<Guid> ids, List<DateOnly> starts, CancellationToken cancellationToken)
    {
        var charges = await (from c in db.Set<BudgetCharge>().AsNoTracking()
                             join o in db.Orders.AsNoTracking() on c.OrderId equals o.Id
                             where ids.Contains(c.BudgetId) && starts.Contains(c.PeriodStart)
                                 && !Released.Contains(o.Status)
                             select new { c.BudgetId, c.PeriodStart, Pending = o.Status == OrderStatuses.PendingApproval, c.Amount }).ToListAsync(cancellationToken);
        return charges.GroupBy(c => (c.BudgetId, c.PeriodStart, c.Pending))
            .Select(g => new ChargeSum(g.Key.BudgetId, g.Key.PeriodStart, g.Key.Pending, g.Sum(c => c.Amount))).ToList();
    }

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
    private static async Task LockAsync(PortalDbContext db, List<Guid> ids, CancellationToken cancellationToken)
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
