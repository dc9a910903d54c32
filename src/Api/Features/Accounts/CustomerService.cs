using System.Security.Cryptography;
using Portal.Api.Features.Events;

namespace Portal.Api.Features.Accounts;

/// <summary>Customer accounts: created and maintained by the supplier side; read by their own users.</summary>
public sealed class CustomerService(PortalDbContext db, CallerContext callers, Pricing.PriceCache prices, CallerCache callerCache, EntityTags tags, TimeProvider clock)
{
    public async Task<CustomerDto> CreateAsync(CreateCustomerRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = AccountValidation.Required(errors, "name", request.Name, 200);
        var group = AccountValidation.Code(errors, "customerGroup", request.CustomerGroup, required: true);
        var currency = AccountValidation.Currency(errors, request.Currency, required: true);
        var number = request.Number is null ? null : AccountValidation.Code(errors, "number", request.Number, required: true);
        var strategy = Strategy(errors, request.PricingStrategy);
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
            RegulatedGoodsApproved = request.RegulatedGoodsApproved ?? false,
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
        errors.ThrowIfAny();
        tags.RequireMatch(customer.Version, "customer account");

        customer.PricingStrategy = strategy ?? customer.PricingStrategy;
        customer.RegulatedGoodsApproved = request.RegulatedGoodsApproved ?? customer.RegulatedGoodsApproved;
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

    internal static CustomerDto ToDto(Customer c, Guid? rootOrgUnitId) =>
        new(c.Id, c.Number, c.Name, c.CustomerGroup, c.Currency, c.Active, rootOrgUnitId, c.PricingStrategy, c.RegulatedGoodsApproved, c.RealtimePricing, c.CreatedAt);
}
