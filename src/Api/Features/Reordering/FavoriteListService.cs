using Portal.Api.Features.Ordering;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Reordering;

/// <summary>Favorites lists: personal, an org unit's or the account's; read with current prices, stock and lead time.</summary>
public sealed class FavoriteListService(
    PortalDbContext db,
    CallerContext callers,
    TenantScope tenant,
    ReorderingAccess access,
    PriceCalculationService pricing,
    TimeProvider clock)
{
    public const int MaxItems = 1000;

    public async Task<FavoriteListDto> CreateAsync(CreateFavoriteListRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["name"] = ["The name is 1 to 200 characters."] });
        }
        var (scope, unit) = await access.ResolveScopeAsync(request.Scope, request.OrgUnitId, cancellationToken);
        var owner = callers.Required.UserId;
        await access.RequireManageAsync(scope, unit, owner, "create this favorites list", cancellationToken);
        await Quotas.EnsureRoomAsync(db.Set<FavoriteList>().Where(l => l.OwnerUserId == owner), Quotas.FavoriteListsPerUser, "A user", "favorites lists", cancellationToken);
        var now = clock.GetUtcNow();
        var list = new FavoriteList { CustomerId = customerId, Name = name, Scope = scope, OrgUnitId = unit, OwnerUserId = owner, CreatedAt = now, UpdatedAt = now };
        db.Add(list);
        await db.SaveChangesAsync(cancellationToken);
        return await ToDtoAsync(list, cancellationToken);
    }

    public async Task<Page<FavoriteListSummaryDto>> ListAsync(int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var query = (await access.VisibleListsAsync(cancellationToken)).AsNoTracking();
        return (await ReorderingPaging.PageAsync(query, limit, cursor, cancellationToken))
            .Map(l => new FavoriteListSummaryDto(l.Id, l.Name, l.Scope, l.OrgUnitId, l.OwnerUserId, l.Items.Count, l.UpdatedAt));
    }

    public async Task<FavoriteListDto> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await ToDtoAsync(await FindAsync(id, tracking: false, cancellationToken), cancellationToken);

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var list = await FindAsync(id, tracking: true, cancellationToken);
        await access.RequireManageAsync(list.Scope, list.OrgUnitId, list.OwnerUserId, "delete this favorites list", cancellationToken);
        db.Remove(list);
        await SaveAsync(cancellationToken);
    }

    /// <summary>Puts a sku on the list (a sku already there gets the new quantity).</summary>
    public async Task<FavoriteListDto> AddItemAsync(Guid id, AddFavoriteItemRequest request, CancellationToken cancellationToken)
    {
        var list = await FindAsync(id, tracking: true, cancellationToken);
        await access.RequireManageAsync(list.Scope, list.OrgUnitId, list.OwnerUserId, "change this favorites list", cancellationToken);
        var sku = request.Sku?.Trim();
        var errors = new ValidationErrors();
        string? unit = null;
        if (string.IsNullOrEmpty(sku) || sku.Length > 64)
        {
            errors.Add("sku", "The sku is 1 to 64 characters.");
        }
        else
        {
            unit = await db.Products.AsNoTracking().Where(p => p.Sku == sku).Select(p => p.Unit).FirstOrDefaultAsync(cancellationToken);
            if (unit is null)
            {
                errors.Add("sku", $"No product has the sku '{sku}'.");
            }
        }
        if (request.Quantity is { } quantity && Quantities.Check(quantity, unit) is { } quantityError)
        {
            errors.Add("quantity", quantityError);
        }
        errors.ThrowIfAny();
        var items = list.Items.ToList();
        var existing = items.FirstOrDefault(i => i.Sku == sku);
        if (existing is not null)
        {
            existing.Quantity = request.Quantity ?? existing.Quantity;
        }
        else
        {
            if (items.Count >= MaxItems)
            {
                throw new BusinessRuleException($"A favorites list holds at most {MaxItems} items.");
            }
            items.Add(new FavoriteItem { Sku = sku!, Quantity = request.Quantity, AddedAt = clock.GetUtcNow() });
        }
        list.Items = items;
        list.UpdatedAt = clock.GetUtcNow();
        list.Version++;
        await SaveAsync(cancellationToken);
        return await ToDtoAsync(list, cancellationToken);
    }

    public async Task<FavoriteListDto> RemoveItemAsync(Guid id, string sku, CancellationToken cancellationToken)
    {
        var list = await FindAsync(id, tracking: true, cancellationToken);
        await access.RequireManageAsync(list.Scope, list.OrgUnitId, list.OwnerUserId, "change this favorites list", cancellationToken);
        var items = list.Items.ToList();
        if (items.RemoveAll(i => i.Sku == sku.Trim()) == 0)
        {
            throw new NotFoundException($"The list has no item '{sku}'.");
        }
        list.Items = items;
        list.UpdatedAt = clock.GetUtcNow();
        list.Version++;
        await SaveAsync(cancellationToken);
        return await ToDtoAsync(list, cancellationToken);
    }

    private async Task<FavoriteList> FindAsync(Guid id, bool tracking, CancellationToken cancellationToken) =>
        await ReorderingPaging.FindAsync(await access.VisibleListsAsync(cancellationToken), id, tracking, $"No favorites list has the id '{id}'.", cancellationToken);

    private Task SaveAsync(CancellationToken cancellationToken) =>
        ReorderingPaging.SaveAsync(db, "The favorites list was changed or deleted meanwhile; read it again.", cancellationToken);

    /// <summary>The list with every item priced today for its quantity (1 when it has none), with stock and lead time.</summary>
    private async Task<FavoriteListDto> ToDtoAsync(FavoriteList list, CancellationToken cancellationToken)
    {
        var items = list.Items;
        var priced = await pricing.PriceLinesAsync(list.CustomerId, null, pricing.Today, items.Select(i => (i.Sku, i.Quantity ?? 1)).ToList(), cancellationToken);
        var skus = items.Select(i => i.Sku).Distinct().ToList();
        var products = skus.Count == 0
            ? []
            : await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku))
                .Select(p => new { p.Sku, p.Name, p.Unit, p.StockQuantity, p.LeadTimeDays })
                .ToDictionaryAsync(p => p.Sku, cancellationToken);
        var result = new List<FavoriteItemDto>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var (price, error) = priced.Lines[i];
            products.TryGetValue(item.Sku, out var product);
            var stock = product is null ? null : new StockInfo(product.StockQuantity >= (item.Quantity ?? 1), product.StockQuantity, product.LeadTimeDays);
            result.Add(new FavoriteItemDto(item.Sku, product?.Name, product?.Unit, item.Quantity, price?.UnitPrice, price?.ListPrice, price?.Saving, price?.Source,
                stock, error is null ? null : new PriceLineError(error.Code, error.Message), item.AddedAt));
        }
        var canManage = await access.CanManageAsync(list.Scope, list.OrgUnitId, list.OwnerUserId, cancellationToken);
        return new FavoriteListDto(list.Id, list.Name, list.Scope, list.OrgUnitId, list.OwnerUserId, canManage, priced.Currency, result, list.UpdatedAt);
    }
}
