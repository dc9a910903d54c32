namespace Portal.Api.Features.Accounts;

/// <summary>The org-unit tree of the caller's account.</summary>
public sealed class OrgUnitService(PortalDbContext db, CallerContext callers, TenantScope tenant, CallerCache callerCache, EntityTags tags, TimeProvider clock)
{
    public async Task<Page<OrgUnitDto>> ListAsync(Guid? parentId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var query = db.OrgUnits.AsNoTracking();
        if (parentId is { } parent)
        {
            query = query.Where(o => o.ParentId == parent);
        }
        // Path order is tree order: every unit comes after its parent.
        var page = await query.ToPageAsync(o => o.Path, limit, cursor, cancellationToken);
        return page.Map(ToDto);
    }

    public async Task<OrgUnitDto> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var unit = await tags.GetAnsweredAsync(db.OrgUnits.AsNoTracking(), id, "org unit", cancellationToken);
        return ToDto(unit);
    }

    public async Task<OrgUnitDto> CreateAsync(CreateOrgUnitRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var errors = new ValidationErrors();
        var name = AccountValidation.Required(errors, "name", request.Name, 200);
        var code = AccountValidation.Optional(errors, "code", request.Code, 64);
        if (request.ParentId is null)
        {
            errors.Add("parentId", "The parentId is required: every unit hangs below the account's root unit or another unit.");
        }
        errors.ThrowIfAny();

        var parent = await AccountValidation.FindAsync(db.OrgUnits, request.ParentId!.Value, "org unit", cancellationToken);
        callers.Required.RequireRoleAt(parent.Path, "create units below it", Roles.Administrator);
        if (parent.Depth >= 58)
        {
            throw new BusinessRuleException("The org tree is at most 60 levels deep.");
        }
        await Quotas.EnsureRoomAsync(db.OrgUnits, Quotas.OrgUnitsPerAccount, "An account", "org units", cancellationToken);

        var unit = new OrgUnit { CustomerId = customerId, Name = name!, Code = code, CreatedAt = clock.GetUtcNow() };
        unit.PlaceUnder(parent);
        db.OrgUnits.Add(unit);
        await db.SaveAnsweredAsync(tags, unit, cancellationToken);
        return ToDto(unit);
    }

    public async Task<OrgUnitDto> UpdateAsync(Guid id, UpdateOrgUnitRequest request, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var unit = await AccountValidation.FindAsync(db.OrgUnits, id, "org unit", cancellationToken);
        var caller = callers.Required;
        caller.RequireRoleAt(unit.Path, "change this unit", Roles.Administrator);
        tags.RequireMatch(unit.Version, "org unit");

        var errors = new ValidationErrors();
        var name = request.Name is null ? null : AccountValidation.Required(errors, "name", request.Name, 200);
        var code = AccountValidation.Optional(errors, "code", request.Code, 64);
        if (request.ClearDefaultCostCenter == true && request.DefaultCostCenterId is not null)
        {
            errors.Add("clearDefaultCostCenter", "Send defaultCostCenterId or clearDefaultCostCenter, not both.");
        }
        errors.ThrowIfAny();

        if (request.ClearDefaultCostCenter == true)
        {
            unit.DefaultCostCenterId = null;
        }
        else if (request.DefaultCostCenterId is { } costCenterId)
        {
            var costCenter = await AccountValidation.FindAsync(db.CostCenters, costCenterId, "cost center", cancellationToken);
            if (!costCenter.Active)
            {
                throw new BusinessRuleException($"The cost center '{costCenter.Code}' is inactive.");
            }
            unit.DefaultCostCenterId = costCenter.Id; // checked below, at the unit's place after a move
        }

        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        // The units whose default cost center is checked: the unit when it gets a new one; every unit moved.
        List<OrgUnit> placed = request.DefaultCostCenterId is null ? [] : [unit];
        var field = "defaultCostCenterId";
        if (request.ParentId is { } newParentId && newParentId != unit.ParentId)
        {
            if (unit.ParentId is null)
            {
                throw new BusinessRuleException("The root unit stands for the company and cannot be moved.");
            }
            var newParent = await AccountValidation.FindAsync(db.OrgUnits, newParentId, "org unit", cancellationToken);
            if (unit.Contains(newParent))
            {
                throw new BusinessRuleException("A unit cannot move below itself.");
            }
            caller.RequireRoleAt(newParent.Path, "move units below it", Roles.Administrator);
            // The new parent's version moves too. Two moves that would close a cycle (A below B, B below A, or below
            // each other's descendants) each write the other's new parent, so one of them fails its version check
            // instead of both committing paths read before the other's move.
            newParent.Version++;
            var oldPath = unit.Path;
            var descendants = await db.OrgUnits.Where(o => o.Path.StartsWith(oldPath) && o.Id != unit.Id).ToListAsync(cancellationToken);
            unit.PlaceUnder(newParent);
            foreach (var descendant in descendants)
            {
                descendant.Path = unit.Path + descendant.Path[oldPath.Length..];
                descendant.Depth = descendant.Path.Count(c => c == '/') - 2;
            }
            if (descendants.Count > 0 && descendants.Max(d => d.Depth) >= 60)
            {
                throw new BusinessRuleException("The org tree is at most 60 levels deep.");
            }
            placed = [unit, .. descendants];
            field = "parentId";
        }
        await RequireDefaultsServeAsync(placed, caller, field, cancellationToken);
        unit.Name = name ?? unit.Name;
        if (request.Code is not null)
        {
            unit.Code = code;
        }
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        // A move changes the paths that role inheritance compares.
        await callerCache.InvalidateAllAsync(cancellationToken);
        tags.Answer(unit.Version);
        return ToDto(unit);
    }

    /// <summary>
    /// A unit's default cost center (charged for its order lines without one) must serve it — lie at the unit or above
    /// it — or be one the caller administers: a department's administrator cannot charge its orders to another
    /// department's cost center (and budget). Checked for a newly set default, and after a move for every moved unit
    /// (a department moved to another division would otherwise go on charging the old division's cost center).
    /// </summary>
    private async Task RequireDefaultsServeAsync(IReadOnlyList<OrgUnit> units, Caller caller, string field, CancellationToken cancellationToken)
    {
        var withDefault = units.Where(u => u.DefaultCostCenterId is not null).ToList();
        if (withDefault.Count == 0)
        {
            return;
        }
        var ids = withDefault.Select(u => u.DefaultCostCenterId!.Value).Distinct().ToList();
        var centers = await (from c in db.CostCenters.AsNoTracking()
                             join o in db.OrgUnits.AsNoTracking() on c.OrgUnitId equals o.Id
                             where ids.Contains(c.Id)
                             select new { c.Id, c.Code, UnitId = o.Id, o.Path }).ToListAsync(cancellationToken);
        foreach (var unit in withDefault)
        {
            var center = centers.First(c => c.Id == unit.DefaultCostCenterId);
            // A cost center of a moved unit moves with it: compare with its unit's path after the move.
            var centerPath = units.FirstOrDefault(m => m.Id == center.UnitId)?.Path ?? center.Path;
            if (!unit.Path.StartsWith(centerPath, StringComparison.Ordinal) && !caller.HasRoleAt(centerPath, Roles.Administrator))
            {
                throw new ForbiddenException(
                    $"{field}: the default cost center '{center.Code}' of unit '{unit.Name}' would belong to a unit that is neither it nor above it, " +
                    "and you are not its administrator. Choose another or clear it (clearDefaultCostCenter).");
            }
        }
    }

    internal static OrgUnitDto ToDto(OrgUnit o) => new(o.Id, o.ParentId, o.Name, o.Code, o.Depth, o.DefaultCostCenterId);
}
