namespace Portal.Api.Features.Accounts;

/// <summary>
/// The steps the account resources (org units, users, cost centers, addresses) share: reading one with its
/// ETag, the administrator check at the org unit a change acts on, and saving with the new ETag.
/// </summary>
internal static class AccountResources
{
    /// <summary>One resource of the caller's account to answer with: 404 when absent (or another account's); its ETag goes on the response.</summary>
    public static async Task<T> GetAnsweredAsync<T>(this EntityTags tags, IQueryable<T> set, Guid id, string what, CancellationToken cancellationToken)
        where T : class, ICustomerScoped, IVersioned
    {
        var entity = await AccountValidation.FindAsync(set, id, what, cancellationToken);
        tags.Answer(entity.Version);
        return entity;
    }

    /// <summary>The org unit <paramref name="orgUnitId"/> (404 when not in the account), where the caller must be administrator to <paramref name="action"/> (403).</summary>
    public static async Task<OrgUnit> RequireAdministratorAtAsync(this CallerContext callers, PortalDbContext db, Guid orgUnitId, string action, CancellationToken cancellationToken)
    {
        var unit = await AccountValidation.FindAsync(db.OrgUnits.AsNoTracking(), orgUnitId, "org unit", cancellationToken);
        callers.Required.RequireRoleAt(unit.Path, action, Roles.Administrator);
        return unit;
    }

    /// <summary>
    /// For what concerns every unit of the caller's account (its webhooks, its access log): the caller must be
    /// administrator at the account's top unit to <paramref name="action"/> (403).
    /// </summary>
    public static async Task RequireAccountAdministratorAsync(this Caller caller, PortalDbContext db, string action, CancellationToken cancellationToken)
    {
        var root = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == null).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The account has no org unit.");
        caller.RequireRoleAt(root, action, Roles.Administrator);
    }

    /// <summary>Saves the change and answers the resource's new version as its ETag.</summary>
    public static async Task SaveAnsweredAsync(this PortalDbContext db, EntityTags tags, IVersioned entity, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        tags.Answer(entity.Version);
    }
}
