using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Budgets;

/// <summary>The budget report of a period (<c>2026-12</c>): each budget in the period containing that month, with its orders.</summary>
public sealed class BudgetReportService(PortalDbContext db, TenantScope tenant, BudgetLedger ledger, BudgetService budgetService)
{
    /// <summary>Orders listed per budget at most (the figures always count all).</summary>
    public const int MaxOrdersPerBudget = 5000;

    public async Task<(DateOnly Month, IReadOnlyList<BudgetReportSection> Sections)> BuildAsync(string? period, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        if (period is null || !DateOnly.TryParseExact(period.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["period"] = ["The period is a month: yyyy-MM, e.g. 2026-12."] });
        }
        // The budgets the caller may read (BudgetService.ReadableAsync), with the orders behind them.
        var budgets = await budgetService.ReadableAsync(db.Set<Budget>().AsNoTracking().OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).Take(BudgetService.MaxBudgets), cancellationToken);
        var positions = await ledger.PositionsAsync(budgets, month, cancellationToken);
        var costCenterIds = budgets.Select(b => b.CostCenterId).OfType<Guid>().ToList();
        var costCenters = await db.CostCenters.AsNoTracking().Where(c => costCenterIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => $"{c.Code} {c.Name}", cancellationToken);
        var unitIds = budgets.Select(b => b.OrgUnitId).OfType<Guid>().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var sections = new List<BudgetReportSection>();
        foreach (var position in positions)
        {
            var budget = position.Budget;
            var scope = budget.CostCenterId is { } cc ? $"Cost center {costCenters.GetValueOrDefault(cc)}"
                : budget.OrgUnitId is { } unit ? $"Org unit {units.GetValueOrDefault(unit)}"
                : $"Role {budget.Role}";
            var orders = await (from c in db.Set<BudgetCharge>().AsNoTracking()
                                join o in db.Orders.AsNoTracking() on c.OrderId equals o.Id
                                where c.BudgetId == budget.Id && c.PeriodStart == position.PeriodStart
                                orderby o.CreatedAt, o.Number
                                select new { o.Number, o.Status, o.CreatedAt, o.CustomerReference, c.Amount })
                .Take(MaxOrdersPerBudget).ToListAsync(cancellationToken);
            sections.Add(new BudgetReportSection(BudgetText.Describe(budget), scope, position, orders.Select(o => new BudgetReportOrder(
                o.Number, o.Status, o.CreatedAt, o.CustomerReference, o.Amount,
                !BudgetLedger.Counts(o.Status) ? "released" : o.Status == OrderStatuses.PendingApproval ? "reserved" : "committed")).ToList()));
        }
        return (month, sections);
    }
}
