namespace Portal.Api.Features.Accounts;

/// <summary>
/// The one answer to "may this caller act for that user?": the caller must be administrator at the user's
/// home unit and at every unit where the user holds a role (or above them). Whatever acts for a user — an
/// API client that carries the user's roles, a change of the user, a role grant — reaches as far as the
/// user's roles, so an administrator of a department can never touch what reaches the account's root.
/// </summary>
public sealed class AccountAuthority(PortalDbContext db, CallerContext callers)
{
    /// <summary>Throws a 403 problem unless the caller administers every unit <paramref name="userId"/> reaches.</summary>
    public async Task RequireAdministratorOverUserAsync(Guid userId, string what, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        if (caller.IsSupplier)
        {
            return; // the permission matrix decided; supplier callers are not bound to org units
        }
        foreach (var unit in await UnitsOfAsync(userId, cancellationToken))
        {
            caller.RequireRoleAt(unit.Path, $"{what} (the user holds roles at unit '{unit.Name}')", Roles.Administrator);
        }
    }

    /// <summary>True when the caller administers every unit <paramref name="userId"/> reaches.</summary>
    public async Task<bool> IsAdministratorOverUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        return caller.IsSupplier || (await UnitsOfAsync(userId, cancellationToken)).All(u => caller.HasRoleAt(u.Path, Roles.Administrator));
    }

    /// <summary>The user's home unit and every unit where the user holds a role.</summary>
    private async Task<List<OrgUnit>> UnitsOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        var home = db.Users.Where(u => u.Id == userId).Select(u => u.OrgUnitId);
        var granted = db.RoleAssignments.Where(r => r.UserId == userId).Select(r => r.OrgUnitId);
        return await db.OrgUnits.AsNoTracking()
            .Where(o => home.Contains(o.Id) || granted.Contains(o.Id))
            .ToListAsync(cancellationToken);
    }
}
