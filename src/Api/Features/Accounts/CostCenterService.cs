namespace Portal.Api.Features.Accounts;

/// <summary>Cost centers of the caller's account, each belonging to an org unit.</summary>
public sealed class CostCenterService(PortalDbContext db, CallerContext callers, TenantScope tenant, EntityTags tags, TimeProvider clock)
{
    public async Task<Page<CostCenterDto>> ListAsync(Guid? orgUnitId, bool? active, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var query = db.CostCenters.AsNoTracking();
        if (orgUnitId is { } unit)
        {
            query = query.Where(c => c.OrgUnitId == unit);
        }
        if (active is { } isActive)
        {
            query = query.Where(c => c.Active == isActive);
        }
        var page = await query.ToPageAsync(c => c.Code, limit, cursor, cancellationToken);
        return page.Map(ToDto);
    }

    public async Task<CostCenterDto> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var costCenter = await tags.GetAnsweredAsync(db.CostCenters.AsNoTracking(), id, "cost center", cancellationToken);
        return ToDto(costCenter);
    }

    public async Task<CostCenterDto> CreateAsync(CreateCostCenterRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var errors = new ValidationErrors();
        var code = AccountValidation.Code(errors, "code", request.Code, required: true, maxLength: 64);
        var name = AccountValidation.Required(errors, "name", request.Name, 200);
        if (request.OrgUnitId is null)
        {
            errors.Add("orgUnitId", "The orgUnitId is required.");
        }
        errors.ThrowIfAny();

        var unit = await callers.RequireAdministratorAtAsync(db, request.OrgUnitId!.Value, "create cost centers for this unit", cancellationToken);
        if (await db.CostCenters.AnyAsync(c => c.Code == code, cancellationToken))
        {
            throw new ConflictException($"The account has a cost center with the code '{code}' already.");
        }
        await Quotas.EnsureRoomAsync(db.CostCenters, Quotas.CostCentersPerAccount, "An account", "cost centers", cancellationToken);
        var costCenter = new CostCenter { CustomerId = customerId, Code = code!, Name = name!, OrgUnitId = unit.Id, CreatedAt = clock.GetUtcNow() };
        db.CostCenters.Add(costCenter);
        await db.SaveAnsweredAsync(tags, costCenter, cancellationToken);
        return ToDto(costCenter);
    }

    public async Task<CostCenterDto> UpdateAsync(Guid id, UpdateCostCenterRequest request, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var costCenter = await AccountValidation.FindAsync(db.CostCenters, id, "cost center", cancellationToken);
        var errors = new ValidationErrors();
        var name = request.Name is null ? null : AccountValidation.Required(errors, "name", request.Name, 200);
        errors.ThrowIfAny();

        await callers.RequireAdministratorAtAsync(db, costCenter.OrgUnitId, "change this cost center", cancellationToken);
        tags.RequireMatch(costCenter.Version, "cost center");
        if (request.OrgUnitId is { } newUnitId && newUnitId != costCenter.OrgUnitId)
        {
            var newUnit = await callers.RequireAdministratorAtAsync(db, newUnitId, "move cost centers to this unit", cancellationToken);
            costCenter.OrgUnitId = newUnit.Id;
        }
        costCenter.Name = name ?? costCenter.Name;
        costCenter.Active = request.Active ?? costCenter.Active;
        await db.SaveAnsweredAsync(tags, costCenter, cancellationToken);
        return ToDto(costCenter);
    }

    internal static CostCenterDto ToDto(CostCenter c) => new(c.Id, c.Code, c.Name, c.OrgUnitId, c.Active);
}
