namespace Portal.Api.Features.Accounts;

/// <summary>Describes the caller: client, user, account and the roles that hold at each org unit.</summary>
public sealed class MeService(PortalDbContext db, CallerContext callers, Infrastructure.Tenancy.TenantScope tenant, IOptions<PortalOptions> options)
{
    public async Task<MeDto> GetAsync(CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        MeUser? user = null;
        if (caller.UserId is { } userId)
        {
            user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new MeUser(u.Id, u.Email, u.Name, u.OrgUnitId)).FirstAsync(cancellationToken);
        }

        CustomerDto? customer = null;
        var effective = new List<EffectiveRoles>();
        if (tenant.CustomerId is { } customerId)
        {
            var entity = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == customerId, cancellationToken);
            var units = await db.OrgUnits.AsNoTracking().OrderBy(o => o.Path).ToListAsync(cancellationToken);
            customer = CustomerService.ToDto(entity, units.FirstOrDefault(u => u.ParentId is null)?.Id, options.Value.Privacy);
            foreach (var unit in units)
            {
                var roles = caller.Assignments
                    .Where(a => unit.Path.StartsWith(a.OrgUnitPath, StringComparison.Ordinal))
                    .Select(a => new RoleGrant(a.Role, a.OrgUnitId))
                    .ToList();
                if (roles.Count > 0)
                {
                    effective.Add(new EffectiveRoles(unit.Id, unit.Name, roles));
                }
            }
        }
        return new MeDto(caller.ClientId, caller.IsSupplier ? "supplier" : "customer", caller.SupplierRoles, user, customer, effective);
    }
}
