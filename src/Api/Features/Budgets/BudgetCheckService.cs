namespace Portal.Api.Features.Budgets;

/// <summary>
/// The budget check for procurement systems: the demand is built as ordering builds it for the caller (the
/// caller's unit, or the account's root; the unit's default cost center) and evaluated by the same
/// <see cref="BudgetLedger"/>, so an order sent right after gets the answer the check gave.
/// </summary>
public sealed class BudgetCheckService(PortalDbContext db, CallerContext callers, TenantScope tenant, BudgetLedger ledger, TimeProvider clock)
{
    public async Task<BudgetCheckResult> CheckAsync(BudgetCheckRequest request, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var errors = new Dictionary<string, string[]>();
        if (request.Amount is not (> 0 and <= 1_000_000_000_000m))
        {
            errors["amount"] = ["The amount is more than 0 (up to 1,000,000,000,000)."];
        }
        var currency = Portal.Punchout.Money.CurrencyCodes.Normalize(request.Currency);
        if (currency is null)
        {
            errors["currency"] = [Accounts.AccountValidation.CurrencyMessage];
        }
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
        var caller = callers.Required;
        var unit = request.OrgUnitId;
        if (unit is { } given && !await db.OrgUnits.AnyAsync(o => o.Id == given, cancellationToken))
        {
            throw new NotFoundException($"No org unit has the id '{given}'.");
        }
        if (unit is null && caller.UserId is { } userId)
        {
            unit = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (Guid?)u.OrgUnitId).FirstOrDefaultAsync(cancellationToken);
        }
        unit ??= await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == null).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        var unitPath = await db.OrgUnits.AsNoTracking().Where(o => o.Id == unit).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken) ?? string.Empty;
        // The answer shows what the budgets there have left: a customer user checks where it holds a role (or below),
        // not in another department.
        if (request.OrgUnitId is not null && !caller.HasRoleAt(unitPath, [.. Roles.Customer]))
        {
            throw new ForbiddenException("You hold no role at this org unit or above it; check the budgets of your own unit.");
        }
        var costCenter = request.CostCenterId;
        if (costCenter is { } cc)
        {
            var center = await (from x in db.CostCenters.AsNoTracking()
                                join o in db.OrgUnits.AsNoTracking() on x.OrgUnitId equals o.Id
                                where x.Id == cc
                                select new { x.Code, o.Path }).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"No cost center has the id '{cc}'.");
            if (!Ordering.CostCenterCharging.MayUse(caller, unitPath, center.Path))
            {
                throw Ordering.CostCenterCharging.Refused("costCenterId", center.Code);
            }
        }
        costCenter ??= await DefaultCostCenterAsync(unitPath, cancellationToken);
        var amount = request.Amount!.Value;
        var demand = new BudgetDemand(unit, caller.UserId, currency!, amount,
            costCenter is { } c ? new Dictionary<Guid, decimal> { [c] = amount } : new Dictionary<Guid, decimal>(), clock.GetUtcNow());
        var verdict = await ledger.EvaluateAsync(demand, lockBudgets: false, cancellationToken);
        return new BudgetCheckResult(verdict.Allowed, verdict.Policy, verdict.Remaining, verdict.WouldExceed,
            verdict.Effects.Select(e => new BudgetCheckItem(
                e.Position.Budget.Id, BudgetText.Describe(e.Position.Budget),
                new BudgetScope(e.Position.Budget.CostCenterId, e.Position.Budget.OrgUnitId, e.Position.Budget.Role),
                e.Position.Budget.Policy, e.Amount, e.Position.Remaining, e.WouldExceed, e.Position.PeriodStart, e.Position.PeriodEnd)).ToList());
    }

    /// <summary>The default cost center of the unit or the nearest unit above it (as ordering charges lines without one).</summary>
    private async Task<Guid?> DefaultCostCenterAsync(string unitPath, CancellationToken cancellationToken)
    {
        var ancestors = unitPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
        var defaults = await db.OrgUnits.AsNoTracking().Where(o => ancestors.Contains(o.Id)).Select(o => new { o.Id, o.DefaultCostCenterId }).ToListAsync(cancellationToken);
        return Enumerable.Reverse(ancestors).Select(a => defaults.FirstOrDefault(d => d.Id == a)?.DefaultCostCenterId).FirstOrDefault(d => d is not null);
    }
}
