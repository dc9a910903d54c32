using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Reordering;

/// <summary>The scopes a template or favorites list is shared at.</summary>
public static class ReorderingScopes
{
    public const string User = "user";
    public const string OrgUnit = "org-unit";
    public const string Account = "account";

    public static readonly IReadOnlyList<string> All = [User, OrgUnit, Account];
}

/// <summary>
/// Who sees and who manages shared templates and favorites lists. A customer user sees their own, those of
/// the org units above (and at) their home unit and the units where they hold a role (shared downwards),
/// those of every unit below a unit they administer, and the account's. Only administrators manage an org unit's (administrator at that unit or above) and
/// the account's (administrator at the root); a user's own are managed by that user. Supplier-side callers
/// see and manage all of the selected account's (the permission matrix decided).
/// </summary>
public sealed class ReorderingAccess(PortalDbContext db, CallerContext callers, TenantScope tenant)
{
    private HashSet<Guid>? _units;

    /// <summary>The units whose shared objects the caller sees: its home unit, its role units, and every unit above them.</summary>
    public async Task<HashSet<Guid>> VisibleUnitsAsync(CancellationToken cancellationToken)
    {
        if (_units is not null)
        {
            return _units;
        }
        var caller = callers.Required;
        var paths = caller.Assignments.Select(a => a.OrgUnitPath).ToList();
        if (caller.UserId is { } userId)
        {
            var home = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Join(db.OrgUnits, u => u.OrgUnitId, o => o.Id, (u, o) => o.Path).FirstOrDefaultAsync(cancellationToken);
            if (home is not null)
            {
                paths.Add(home);
            }
        }
        _units = paths.SelectMany(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)).Select(Guid.Parse).ToHashSet();
        // Administrators also see (and manage) what is shared with the units below theirs.
        var administered = caller.Assignments.Where(a => a.Role == Roles.Administrator).Select(a => a.OrgUnitPath).Distinct().ToList();
        if (administered.Count > 0)
        {
            var below = await db.OrgUnits.AsNoTracking().Where(o => administered.Any(p => o.Path.StartsWith(p))).Select(o => o.Id).ToListAsync(cancellationToken);
            _units.UnionWith(below);
        }
        return _units;
    }

    public async Task<IQueryable<OrderTemplate>> VisibleTemplatesAsync(CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var caller = callers.Required;
        if (caller.IsSupplier)
        {
            return db.Set<OrderTemplate>();
        }
        var units = (await VisibleUnitsAsync(cancellationToken)).ToList();
        var userId = caller.UserId;
        return db.Set<OrderTemplate>().Where(t => t.Scope == ReorderingScopes.Account
            || (t.Scope == ReorderingScopes.User && t.OwnerUserId == userId)
            || (t.Scope == ReorderingScopes.OrgUnit && t.OrgUnitId != null && units.Contains(t.OrgUnitId.Value)));
    }

    public async Task<IQueryable<FavoriteList>> VisibleListsAsync(CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var caller = callers.Required;
        if (caller.IsSupplier)
        {
            return db.Set<FavoriteList>();
        }
        var units = (await VisibleUnitsAsync(cancellationToken)).ToList();
        var userId = caller.UserId;
        return db.Set<FavoriteList>().Where(l => l.Scope == ReorderingScopes.Account
            || (l.Scope == ReorderingScopes.User && l.OwnerUserId == userId)
            || (l.Scope == ReorderingScopes.OrgUnit && l.OrgUnitId != null && units.Contains(l.OrgUnitId.Value)));
    }

    /// <summary>Checks a requested scope: a known scope, a unit for org-unit (of the account: else 404), no user scope for supplier callers.</summary>
    public async Task<(string Scope, Guid? OrgUnitId)> ResolveScopeAsync(string? scope, Guid? orgUnitId, CancellationToken cancellationToken)
    {
        var value = string.IsNullOrWhiteSpace(scope) ? ReorderingScopes.User : scope.Trim();
        if (!ReorderingScopes.All.Contains(value))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["scope"] = ["The scope is user, org-unit or account."] });
        }
        if (value == ReorderingScopes.OrgUnit)
        {
            if (orgUnitId is not { } unit)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["orgUnitId"] = ["An org-unit scope names the orgUnitId."] });
            }
            if (!await db.OrgUnits.AnyAsync(o => o.Id == unit, cancellationToken))
            {
                throw new NotFoundException($"No org unit has the id '{unit}'.");
            }
            return (value, unit);
        }
        if (orgUnitId is not null)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["orgUnitId"] = ["Only an org-unit scope names an orgUnitId."] });
        }
        if (value == ReorderingScopes.User && callers.Required.UserId is null)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["scope"] = ["A caller without a user keeps no personal objects: use org-unit or account."] });
        }
        return (value, null);
    }

    /// <summary>Throws a 403 problem unless the caller may create, change or delete an object of this scope.</summary>
    public async Task RequireManageAsync(string scope, Guid? orgUnitId, Guid? ownerUserId, string what, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        if (caller.IsSupplier)
        {
            return;
        }
        switch (scope)
        {
            case ReorderingScopes.User:
                if (ownerUserId != caller.UserId)
                {
                    throw new ForbiddenException($"Only its owner may {what}.");
                }
                return;
            case ReorderingScopes.OrgUnit:
            {
                var path = await db.OrgUnits.AsNoTracking().Where(o => o.Id == orgUnitId).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new NotFoundException($"No org unit has the id '{orgUnitId}'.");
                caller.RequireRoleAt(path, what, Roles.Administrator);
                return;
            }
            default:
            {
                var root = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == null).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken) ?? "/";
                caller.RequireRoleAt(root, what + " (an account-wide object)", Roles.Administrator);
                return;
            }
        }
    }

    /// <summary>Whether the caller may manage an object (for the <c>canManage</c> flag of answers).</summary>
    public async Task<bool> CanManageAsync(string scope, Guid? orgUnitId, Guid? ownerUserId, CancellationToken cancellationToken)
    {
        try
        {
            await RequireManageAsync(scope, orgUnitId, ownerUserId, "manage it", cancellationToken);
            return true;
        }
        catch (ForbiddenException)
        {
            return false;
        }
    }
}
