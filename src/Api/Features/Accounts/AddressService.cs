namespace Portal.Api.Features.Accounts;

/// <summary>
/// Delivery and billing addresses of the caller's account. An address tied to an org unit is managed by
/// that unit's administrators; one without a unit is company-wide and needs an administrator at the root.
/// </summary>
public sealed class AddressService(PortalDbContext db, CallerContext callers, TenantScope tenant, EntityTags tags, TimeProvider clock)
{
    public async Task<Page<AddressDto>> ListAsync(string? kind, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var query = db.Addresses.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(a => a.Kind == kind.Trim().ToLowerInvariant());
        }
        var page = await query.ToPageAsync(a => a.SortKey, limit, cursor, cancellationToken);
        return page.Map(ToDto);
    }

    public async Task<AddressDto> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var address = await tags.GetAnsweredAsync(db.Addresses.AsNoTracking(), id, "address", cancellationToken);
        return ToDto(address);
    }

    public async Task<AddressDto> CreateAsync(AddressRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var now = clock.GetUtcNow();
        var address = new Address
        {
            CustomerId = customerId, Kind = string.Empty, Name = string.Empty, Street = string.Empty,
            PostalCode = string.Empty, City = string.Empty, Country = string.Empty, CreatedAt = now,
        };
        await ApplyAsync(address, request, cancellationToken);
        await Quotas.EnsureRoomAsync(db.Addresses, Quotas.AddressesPerAccount, "An account", "addresses", cancellationToken);
        address.SortKey = $"{address.Kind}|{now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{address.Id:N}";
        db.Addresses.Add(address);
        await db.SaveAnsweredAsync(tags, address, cancellationToken);
        return ToDto(address);
    }

    public async Task<AddressDto> ReplaceAsync(Guid id, AddressRequest request, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var address = await AccountValidation.FindAsync(db.Addresses, id, "address", cancellationToken);
        await RequireAdminForAsync(address.OrgUnitId, cancellationToken);
        tags.RequireMatch(address.Version, "address");
        var kind = address.Kind;
        await ApplyAsync(address, request, cancellationToken);
        if (address.Kind != kind)
        {
            address.SortKey = address.Kind + address.SortKey[kind.Length..];
        }
        await db.SaveAnsweredAsync(tags, address, cancellationToken);
        return ToDto(address);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var address = await AccountValidation.FindAsync(db.Addresses, id, "address", cancellationToken);
        await RequireAdminForAsync(address.OrgUnitId, cancellationToken);
        tags.RequireMatch(address.Version, "address");
        db.Addresses.Remove(address);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ApplyAsync(Address address, AddressRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var kind = request.Kind?.Trim().ToLowerInvariant();
        if (kind is not (Address.Delivery or Address.Billing))
        {
            errors.Add("kind", "The kind is delivery or billing.");
        }
        var name = AccountValidation.Required(errors, "name", request.Name, 200);
        var department = AccountValidation.Optional(errors, "department", request.Department, 200);
        var street = AccountValidation.Required(errors, "street", request.Street, 200);
        var street2 = AccountValidation.Optional(errors, "street2", request.Street2, 200);
        var postalCode = AccountValidation.Required(errors, "postalCode", request.PostalCode, 16);
        var city = AccountValidation.Required(errors, "city", request.City, 100);
        var region = AccountValidation.Optional(errors, "region", request.Region, 100);
        var country = AccountValidation.Country(errors, request.Country);
        errors.ThrowIfAny();

        await RequireAdminForAsync(request.OrgUnitId, cancellationToken);
        address.Kind = kind!;
        address.Name = name!;
        address.Department = department;
        address.Street = street!;
        address.Street2 = street2;
        address.PostalCode = postalCode!;
        address.City = city!;
        address.Region = region;
        address.Country = country!;
        address.OrgUnitId = request.OrgUnitId;
        address.IsDefault = request.IsDefault ?? false;
        if (address.IsDefault)
        {
            // One default per kind and unit: a department's default does not replace the company's or another department's.
            var others = await db.Addresses.Where(a => a.Kind == address.Kind && a.IsDefault && a.Id != address.Id && a.OrgUnitId == address.OrgUnitId).ToListAsync(cancellationToken);
            others.ForEach(a => a.IsDefault = false);
        }
    }

    private async Task RequireAdminForAsync(Guid? orgUnitId, CancellationToken cancellationToken)
    {
        var unit = orgUnitId is { } id
            ? await AccountValidation.FindAsync(db.OrgUnits.AsNoTracking(), id, "org unit", cancellationToken)
            : await db.OrgUnits.AsNoTracking().FirstAsync(o => o.ParentId == null, cancellationToken);
        callers.Required.RequireRoleAt(unit.Path, orgUnitId is null ? "manage company-wide addresses" : "manage this unit's addresses", Roles.Administrator);
    }

    internal static AddressDto ToDto(Address a) => new(
        a.Id, a.Kind, a.Name, a.Department, a.Street, a.Street2, a.PostalCode, a.City, a.Region, a.Country, a.OrgUnitId, a.IsDefault);
}
