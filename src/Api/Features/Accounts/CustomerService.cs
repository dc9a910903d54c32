using Portal.Api.Features.Events;

namespace Portal.Api.Features.Accounts;

/// <summary>Customer accounts: created and maintained by the supplier side; read by their own users.</summary>
public sealed class CustomerService(PortalDbContext db, CallerContext callers, Pricing.PriceCache prices, CallerCache callerCache, EntityTags tags, TimeProvider clock, IOptions<PortalOptions> options)
{
    public async Task<CustomerDto> CreateAsync(CreateCustomerRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = AccountValidation.Required(errors, "name", request.Name, 200);
        var group = AccountValidation.Code(errors, "customerGroup", request.CustomerGroup, required: true);
        var currency = AccountValidation.Currency(errors, request.Currency, required: true);
        var number = request.Number is null ? null : AccountValidation.Code(errors, "number", request.Number, required: true);
        var strategy = Strategy(errors, request.PricingStrategy);
        Catalog.CustomerGroups.Validate(errors, "groups", request.Groups);
        errors.ThrowIfAny();

        number ??= "C-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        if (await db.Customers.AnyAsync(c => c.Number == number, cancellationToken))
        {
            throw new ConflictException($"A customer account with the number '{number}' exists already.");
        }

        var now = clock.GetUtcNow();
        var customer = new Customer
        {
            Name = name!, CustomerGroup = group!, Currency = currency!, Number = number, CreatedAt = now, UpdatedAt = now,
            PricingStrategy = strategy ?? PricingStrategies.Priority,
            Groups = Groups(request.Groups, request.RegulatedGoodsApproved),
            RealtimePricing = request.RealtimePricing ?? false,
        };
        var root = new OrgUnit { CustomerId = customer.Id, Name = customer.Name, CreatedAt = now };
        root.PlaceUnder(null);
        db.Customers.Add(customer);
        db.OrgUnits.Add(root);
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(customer, root.Id);
    }

    public async Task<Page<CustomerDto>> ListAsync(string? q, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = LikePattern.Contains(q.Trim().ToLowerInvariant());
            query = query.Where(c => EF.Functions.Like(c.Name.ToLower(), pattern, LikePattern.Escape) || EF.Functions.Like(c.Number.ToLower(), pattern, LikePattern.Escape));
        }
        var page = await query.ToPageAsync(c => c.Number, limit, cursor, cancellationToken);
        var roots = await RootsAsync(page.Items.Select(r => r.Id).ToList(), cancellationToken);
        return page.Map(c => ToDto(c, roots.GetValueOrDefault(c.Id)));
    }

    public async Task<CustomerDto> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var customer = await FindVisibleAsync(id, cancellationToken);
        var roots = await RootsAsync([customer.Id], cancellationToken);
        tags.Answer(customer.Version);
        return ToDto(customer, roots.GetValueOrDefault(customer.Id));
    }

    public async Task<CustomerDto> UpdateAsync(Guid id, UpdateCustomerRequest request, CancellationToken cancellationToken)
    {
        var customer = await FindVisibleAsync(id, cancellationToken);
        var errors = new ValidationErrors();
        var name = request.Name is null ? null : AccountValidation.Required(errors, "name", request.Name, 200);
        var group = AccountValidation.Code(errors, "customerGroup", request.CustomerGroup, required: false);
        var currency = AccountValidation.Currency(errors, request.Currency, required: false);
        var strategy = Strategy(errors, request.PricingStrategy);
        Catalog.CustomerGroups.Validate(errors, "groups", request.Groups);
        ValidateRetention(errors, request.Retention);
        errors.ThrowIfAny();
        tags.RequireMatch(customer.Version, "customer account");

        customer.PricingStrategy = strategy ?? customer.PricingStrategy;
        customer.Groups = Groups(request.Groups ?? Catalog.CustomerGroups.Parse(customer.Groups), request.RegulatedGoodsApproved);
        if (request.Retention is { } retention)
        {
            customer.AccessLogDays = Days(retention.AccessLogDays, customer.AccessLogDays);
            customer.InactiveUserDays = Days(retention.InactiveUserDays, customer.InactiveUserDays);
            customer.OrderPersonalDataDays = Days(retention.OrderPersonalDataDays, customer.OrderPersonalDataDays);
        }
        customer.RealtimePricing = request.RealtimePricing ?? customer.RealtimePricing;
        customer.Name = name ?? customer.Name;
        customer.CustomerGroup = group ?? customer.CustomerGroup;
        customer.Currency = currency ?? customer.Currency;
        customer.Active = request.Active ?? customer.Active;
        customer.UpdatedAt = clock.GetUtcNow();
        db.AddEvent(Events.EventTypes.CustomerUpdated, customer.Id, customer.UpdatedAt, new Events.CustomerUpdatedData(
            customer.Id, customer.Number, customer.Name, customer.CustomerGroup, customer.Currency, customer.PricingStrategy, customer.Active, customer.UpdatedAt));
        await db.SaveChangesAsync(cancellationToken);
        // Group, currency, strategy and approval all change prices: drop the account's cached prices.
        await prices.InvalidateCustomerAsync(customer.Id, cancellationToken);
        await callerCache.InvalidateAllAsync(cancellationToken); // an account may have been deactivated
        var roots = await RootsAsync([customer.Id], cancellationToken);
        tags.Answer(customer.Version);
        return ToDto(customer, roots.GetValueOrDefault(customer.Id));
    }

    /// <summary>The stored groups: the requested ones, with <c>regulated</c> added or removed by the former flag when it is sent.</summary>
    private static string? Groups(IEnumerable<string>? groups, bool? regulatedGoodsApproved)
    {
        var list = (groups ?? []).Select(g => g.Trim().ToLowerInvariant()).ToList();
        if (regulatedGoodsApproved is { } approved)
        {
            list.Remove(Catalog.CustomerGroups.Regulated);
            if (approved)
            {
                list.Add(Catalog.CustomerGroups.Regulated);
            }
        }
        return Catalog.CustomerGroups.Store(list);
    }

    private static int? Days(int? requested, int? current) => requested switch
    {
        null => current,
        0 => null,
        _ => requested,
    };

    private static void ValidateRetention(ValidationErrors errors, RetentionInput? retention)
    {
        foreach (var (field, value) in new[] { ("accessLogDays", retention?.AccessLogDays), ("inactiveUserDays", retention?.InactiveUserDays), ("orderPersonalDataDays", retention?.OrderPersonalDataDays) })
        {
            if (value is < 0 or > Privacy.PrivacyOptions.MaxDays)
            {
                errors.Add("retention." + field, $"A retention period is 1 to {Privacy.PrivacyOptions.MaxDays} days (0: the configured default).");
            }
        }
    }

    private static string? Strategy(ValidationErrors errors, string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value is PricingStrategies.Priority or PricingStrategies.LowestPrice)
        {
            return value;
        }
        errors.Add("pricingStrategy", "The pricing strategy is priority or lowestPrice.");
        return null;
    }

    /// <summary>Customer-side callers see only their own account; any other id is "not found".</summary>
    private async Task<Customer> FindVisibleAsync(Guid id, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        if (!caller.IsSupplier && caller.CustomerId != id)
        {
            throw new NotFoundException($"No customer account has the id '{id}'.");
        }
        return await db.Customers.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No customer account has the id '{id}'.");
    }

    private async Task<Dictionary<Guid, Guid>> RootsAsync(List<Guid> customerIds, CancellationToken cancellationToken) =>
        await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.ParentId == null && customerIds.Contains(o.CustomerId))
            .ToDictionaryAsync(o => o.CustomerId, o => o.Id, cancellationToken);

    private CustomerDto ToDto(Customer c, Guid? rootOrgUnitId) => ToDto(c, rootOrgUnitId, options.Value.Privacy);

    internal static CustomerDto ToDto(Customer c, Guid? rootOrgUnitId, Privacy.PrivacyOptions defaults)
    {
        var groups = Catalog.CustomerGroups.Parse(c.Groups);
        return new(c.Id, c.Number, c.Name, c.CustomerGroup, c.Currency, c.Active, rootOrgUnitId, c.PricingStrategy, groups.Contains(Catalog.CustomerGroups.Regulated), c.RealtimePricing, c.CreatedAt,
            groups, Retention(c, defaults));
    }

    /// <summary>The account's effective retention periods.</summary>
    internal static RetentionDto Retention(Customer c, Privacy.PrivacyOptions defaults) => new(
        c.AccessLogDays ?? defaults.AccessLogDays, c.InactiveUserDays ?? defaults.InactiveUserDays, c.OrderPersonalDataDays ?? defaults.OrderPersonalDataDays);
}
