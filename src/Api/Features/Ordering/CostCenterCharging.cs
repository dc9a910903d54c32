namespace Portal.Api.Features.Ordering;

/// <summary>
/// Which cost centers a caller may charge order lines to. A cost center serves its org unit and every unit
/// below it, as roles do: an order placed at Maintenance (the requester's unit) may be charged to
/// Maintenance's cost centers and to those of the units above it (the company's), not to Finance's — whose
/// budget it would otherwise spend. A caller holding an ordering role (requester, administrator) at the cost
/// center's unit may charge it as well (central purchasing at the root orders for every department).
/// Supplier-side callers are not bound to units. cXML purchase orders keep the account assignment the
/// buyer's system made (it authorised the order).
/// </summary>
public sealed class CostCenterCharging(PortalDbContext db, CallerContext callers)
{
    /// <summary>
    /// True when <paramref name="caller"/>, ordering at the unit with <paramref name="orderUnitPath"/>, may use an object
    /// of the unit with <paramref name="objectUnitPath"/> for the order: charge its cost center, ship to its delivery
    /// address. Both serve their unit and the units below it.
    /// </summary>
    public static bool MayUse(Caller caller, string? orderUnitPath, string objectUnitPath) =>
        caller.IsSupplier
        || orderUnitPath?.StartsWith(objectUnitPath, StringComparison.Ordinal) == true
        || caller.HasRoleAt(objectUnitPath, Roles.Requester, Roles.Administrator);

    /// <summary>The path of the unit the caller's orders are placed at (the user's unit); null for supplier-side callers.</summary>
    public async Task<string?> OrderUnitPathAsync(CancellationToken cancellationToken) =>
        callers.Required.UserId is { } userId
            ? await (from user in db.Users.AsNoTracking()
                     join unit in db.OrgUnits.AsNoTracking() on user.OrgUnitId equals unit.Id
                     where user.Id == userId
                     select unit.Path).FirstOrDefaultAsync(cancellationToken)
            : null;

    /// <summary>The unit paths of the given cost centers, by id.</summary>
    private async Task<Dictionary<Guid, string>> UnitPathsAsync(IReadOnlyCollection<Guid> costCenterIds, CancellationToken cancellationToken)
    {
        if (costCenterIds.Count == 0)
        {
            return [];
        }
        var ids = costCenterIds.ToList();
        return await (from center in db.CostCenters.AsNoTracking()
                      join unit in db.OrgUnits.AsNoTracking() on center.OrgUnitId equals unit.Id
                      where ids.Contains(center.Id)
                      select new { center.Id, unit.Path }).ToDictionaryAsync(c => c.Id, c => c.Path, cancellationToken);
    }

    /// <summary>Those of <paramref name="costCenterIds"/> the caller may not charge.</summary>
    public async Task<HashSet<Guid>> NotChargeableAsync(IReadOnlyCollection<Guid> costCenterIds, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        if (caller.IsSupplier || costCenterIds.Count == 0)
        {
            return [];
        }
        var orderUnit = await OrderUnitPathAsync(cancellationToken);
        var paths = await UnitPathsAsync(costCenterIds, cancellationToken);
        return paths.Where(p => !MayUse(caller, orderUnit, p.Value)).Select(p => p.Key).ToHashSet();
    }

    /// <summary>
    /// Those of <paramref name="costCenterIds"/> that are active and that the caller may charge: what a reorder or a
    /// template keeps on its lines (any other is dropped, and the line falls back to its unit's default).
    /// </summary>
    public async Task<HashSet<Guid>> UsableAsync(IEnumerable<Guid?> costCenterIds, CancellationToken cancellationToken)
    {
        var ids = costCenterIds.OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var active = await db.CostCenters.AsNoTracking().Where(c => ids.Contains(c.Id) && c.Active).Select(c => c.Id).ToListAsync(cancellationToken);
        var refused = await NotChargeableAsync(active, cancellationToken);
        return active.Where(id => !refused.Contains(id)).ToHashSet();
    }

    /// <summary>The 403 for a line charged to a cost center the caller may not charge.</summary>
    public static ForbiddenException Refused(string field, string code) =>
        new($"{field}: you may not charge the cost center '{code}': it belongs to an org unit that is neither yours nor above it, and you hold no requester or administrator role there. Charge a cost center of your unit or of a unit above it.");
}
