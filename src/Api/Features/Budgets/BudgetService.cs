namespace Portal.Api.Features.Budgets;

/// <summary>
/// Budgets of the caller's account, with their current period. A budget belongs to a unit (its org unit, its cost
/// center's unit; the root for role budgets): customer users read those of the units where they hold a role that
/// reads budgets, and below them; administrators there change them.
/// </summary>
public sealed class BudgetService(PortalDbContext db, CallerContext callers, TenantScope tenant, BudgetLedger ledger, TimeProvider clock)
{
    public const int MaxBudgets = 1000;

    private static readonly string[] ReaderRoles = [.. PermissionMatrix.For(Permission.BudgetsRead).CustomerRoles];

    public async Task<IReadOnlyList<BudgetDto>> ListAsync(CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var budgets = await ReadableAsync(db.Set<Budget>().AsNoTracking().OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).Take(MaxBudgets), cancellationToken);
        var positions = await ledger.PositionsAsync(budgets, BudgetPeriods.Day(clock.GetUtcNow()), cancellationToken);
        return positions.Select(ToDto).ToList();
    }

    public async Task<BudgetDto> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var budget = await FindAsync(id, tracking: false, cancellationToken);
        return ToDto((await ledger.PositionsAsync([budget], BudgetPeriods.Day(clock.GetUtcNow()), cancellationToken))[0]);
    }

    public async Task<BudgetDto> CreateAsync(BudgetRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var errors = new Dictionary<string, string[]>();
        var scope = request.Scope;
        var given = scope is null ? 0 : (scope.CostCenterId is null ? 0 : 1) + (scope.OrgUnitId is null ? 0 : 1) + (scope.Role is null ? 0 : 1);
        if (given != 1)
        {
            errors["scope"] = ["The scope names exactly one of costCenterId, orgUnitId or role."];
        }
        else if (scope!.Role is { } role && !Roles.Customer.Contains(role))
        {
            errors["scope.role"] = ["The role is one of: " + string.Join(", ", Roles.Customer) + "."];
        }
        var currency = Portal.Punchout.Money.CurrencyCodes.Normalize(request.Currency);
        if (currency is null)
        {
            errors["currency"] = [Accounts.AccountValidation.CurrencyMessage];
        }
        Validate(errors, request, creating: true);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
        var accountCurrency = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.Currency).FirstAsync(cancellationToken);
        if (currency != accountCurrency)
        {
            throw new BusinessRuleException($"Budgets are kept in the account currency ({accountCurrency}).");
        }
        if (scope!.CostCenterId is { } cc && !await db.CostCenters.AnyAsync(c => c.Id == cc, cancellationToken))
        {
            throw new NotFoundException($"No cost center has the id '{cc}'.");
        }
        if (scope.OrgUnitId is { } unit && !await db.OrgUnits.AnyAsync(o => o.Id == unit, cancellationToken))
        {
            throw new NotFoundException($"No org unit has the id '{unit}'.");
        }
        var now = clock.GetUtcNow();
        var budget = new Budget
        {
            CustomerId = customerId, CostCenterId = scope.CostCenterId, OrgUnitId = scope.OrgUnitId, Role = scope.Role, Currency = currency!,
            Period = request.Period!, Policy = request.Policy!, Amount = request.Amount!.Value, CreatedAt = now, UpdatedAt = now,
        };
        await RequireAdministratorAsync(budget, cancellationToken);
        Apply(budget, request);
        await Quotas.EnsureRoomAsync(db.Set<Budget>(), MaxBudgets, "An account", "budgets", cancellationToken);
        db.Set<Budget>().Add(budget);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(budget.Id, cancellationToken);
    }

    public async Task<BudgetDto> UpdateAsync(Guid id, BudgetRequest request, CancellationToken cancellationToken)
    {
        var budget = await FindAsync(id, tracking: true, cancellationToken);
        await RequireAdministratorAsync(budget, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        if (request.Scope is not null || request.Currency is not null)
        {
            errors["scope"] = ["The scope and currency of a budget cannot change; create another budget."];
        }
        Validate(errors, request, creating: false);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
        Apply(budget, request);
        budget.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The budget changed at the same time (an order charged it). Retry.");
        }
        return await GetAsync(id, cancellationToken);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var budget = await FindAsync(id, tracking: true, cancellationToken);
        await RequireAdministratorAsync(budget, cancellationToken);
        db.Set<Budget>().Remove(budget);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Validate(Dictionary<string, string[]> errors, BudgetRequest request, bool creating)
    {
        if ((creating || request.Period is not null) && !BudgetPeriods.All.Contains(request.Period ?? string.Empty))
        {
            errors["period"] = ["The period is month, quarter or year."];
        }
        if ((creating || request.Policy is not null) && !BudgetPolicies.All.Contains(request.Policy ?? string.Empty))
        {
            errors["policy"] = ["The policy is block, require-approval or warn."];
        }
        if ((creating || request.Amount is not null) && request.Amount is not (>= 0 and <= 1_000_000_000_000m))
        {
            errors["amount"] = ["The amount is 0 to 1,000,000,000,000."];
        }
        if (request.Thresholds is { } thresholds && (thresholds.Count > 10 || thresholds.Any(t => t is < 1 or > 1000)))
        {
            errors["thresholds"] = ["Up to 10 thresholds, each a percentage from 1 to 1000."];
        }
        if (request.Name is { Length: > 200 })
        {
            errors["name"] = ["The name has at most 200 characters."];
        }
    }

    private static void Apply(Budget budget, BudgetRequest request)
    {
        budget.Name = request.Name is null ? budget.Name : string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        budget.Period = request.Period ?? budget.Period;
        budget.Policy = request.Policy ?? budget.Policy;
        budget.Amount = request.Amount ?? budget.Amount;
        budget.Thresholds = request.Thresholds?.Distinct().Order().ToList() ?? budget.Thresholds;
        budget.CarryOver = request.CarryOver ?? budget.CarryOver;
    }

    private async Task RequireAdministratorAsync(Budget budget, CancellationToken cancellationToken) =>
        callers.Required.RequireRoleAt((await UnitPathsAsync([budget], cancellationToken))[budget.Id], "manage budgets of this unit", Roles.Administrator);

    /// <summary>
    /// The budgets of <paramref name="query"/> the caller may read: supplier-side callers all; a customer user those
    /// whose unit lies at or below a unit where it holds a role that reads budgets (approver, administrator,
    /// read-only). A department's approver does not see another department's budgets, nor the orders behind them.
    /// </summary>
    internal async Task<List<Budget>> ReadableAsync(IQueryable<Budget> query, CancellationToken cancellationToken)
    {
        var budgets = await query.ToListAsync(cancellationToken);
        var caller = callers.Required;
        if (caller.IsSupplier || budgets.Count == 0)
        {
            return budgets;
        }
        var paths = await UnitPathsAsync(budgets, cancellationToken);
        return budgets.Where(b => caller.HasRoleAt(paths[b.Id], ReaderRoles)).ToList();
    }

    /// <summary>The path of each budget's unit: its org unit, its cost center's unit, or (role budgets) the account's root.</summary>
    private async Task<Dictionary<Guid, string>> UnitPathsAsync(IReadOnlyList<Budget> budgets, CancellationToken cancellationToken)
    {
        var costCenterIds = budgets.Select(b => b.CostCenterId).OfType<Guid>().Distinct().ToList();
        var costCenterUnits = costCenterIds.Count == 0 ? []
            : await db.CostCenters.AsNoTracking().Where(c => costCenterIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.OrgUnitId, cancellationToken);
        Guid? UnitOf(Budget b) => b.OrgUnitId ?? (b.CostCenterId is { } cc && costCenterUnits.TryGetValue(cc, out var unit) ? unit : null);
        var unitIds = budgets.Select(UnitOf).OfType<Guid>().Distinct().ToList();
        var paths = await db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id) || o.ParentId == null)
            .Select(o => new { o.Id, o.ParentId, o.Path }).ToListAsync(cancellationToken);
        var root = paths.FirstOrDefault(o => o.ParentId is null)?.Path ?? string.Empty;
        return budgets.ToDictionary(b => b.Id, b => UnitOf(b) is { } unit ? paths.FirstOrDefault(o => o.Id == unit)?.Path ?? root : root);
    }

    /// <summary>A budget the caller may read (else 404, as another account's); changing it needs the administrator role at its unit besides.</summary>
    private async Task<Budget> FindAsync(Guid id, bool tracking, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var query = tracking ? db.Set<Budget>() : db.Set<Budget>().AsNoTracking();
        return (await ReadableAsync(query.Where(b => b.Id == id), cancellationToken)).FirstOrDefault() ?? throw new NotFoundException($"No budget has the id '{id}'.");
    }

    internal static BudgetDto ToDto(BudgetPosition p)
    {
        var b = p.Budget;
        return new BudgetDto(b.Id, b.Name, new BudgetScope(b.CostCenterId, b.OrgUnitId, b.Role), b.Period, b.Amount, b.Currency, b.Policy, b.Thresholds, b.CarryOver,
            p.Available, p.CarriedOver, p.Committed, p.Reserved, p.Remaining, p.PeriodStart, p.PeriodEnd, b.CreatedAt, b.UpdatedAt);
    }
}
