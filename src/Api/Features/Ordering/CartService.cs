using Portal.Api.Features.Catalog;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Ordering;

/// <summary>
/// Server-side carts. A user sees their own carts; supplier-side callers every cart of the selected
/// account. Carts are priced live on every read, with stock and lead time per line.
/// </summary>
public sealed class CartService(
    PortalDbContext db,
    CallerContext callers,
    TenantScope tenant,
    PriceCalculationService pricing,
    CostCenterCharging charging,
    TimeProvider clock)
{
    public const int MaxLines = 10_000;

    public async Task<CartDto> CreateAsync(CreateCartRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var name = string.IsNullOrWhiteSpace(request.Name) ? "Cart" : request.Name.Trim();
        if (name.Length > 200)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["name"] = ["The name has at most 200 characters."] });
        }
        await EnsureRoomAsync(callers.Required.UserId, cancellationToken);
        var now = clock.GetUtcNow();
        var cart = new Cart { CustomerId = customerId, UserId = callers.Required.UserId, Name = name, CreatedAt = now, UpdatedAt = now };
        db.Carts.Add(cart);
        await db.SaveChangesAsync(cancellationToken);
        return await PriceAsync(cart, cancellationToken);
    }

    /// <summary>
    /// 422 when the user keeps the most open carts (the suggested carts of replenishment schedules count; an
    /// ordered cart is gone). Supplier-side callers without a user are not capped.
    /// </summary>
    internal Task EnsureRoomAsync(Guid? userId, CancellationToken cancellationToken) => userId is null
        ? Task.CompletedTask
        : Quotas.EnsureRoomAsync(db.Carts.Where(c => c.UserId == userId), Quotas.CartsPerUser, "A user", "open carts", cancellationToken);

    public async Task<Page<CartSummaryDto>> ListAsync(int? limit, string? cursor, CancellationToken cancellationToken, string? kind = null)
    {
        tenant.RequireCustomer();
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor);
        var query = Visible().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var wanted = kind.Trim();
            if (!CartKinds.All.Contains(wanted))
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["kind"] = ["The kind is standard or suggested."] });
            }
            query = query.Where(c => c.Kind == wanted);
        }
        if (after is not null)
        {
            var since = new DateTimeOffset(long.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
            query = query.Where(c => c.CreatedAt > since);
        }
        var rows = await query.OrderBy(c => c.CreatedAt)
            .Select(c => new { Summary = new CartSummaryDto(c.Id, c.Name, c.UserId, c.Lines.Count, c.UpdatedAt, c.Kind), c.CreatedAt })
            .Take(take + 1).ToListAsync(cancellationToken);
        return KeysetPaging.Cut(rows, take, r => r.CreatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)).Map(r => r.Summary);
    }

    public async Task<CartDto> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await PriceAsync(await FindAsync(id, tracking: false, cancellationToken), cancellationToken);

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var (cart, transaction) = await FindForChangeAsync(id, cancellationToken);
        await using (transaction)
        {
            db.Carts.Remove(cart);
            await SaveAsync(cart, transaction, cancellationToken);
        }
    }

    public async Task<CartDto> AddLinesAsync(Guid id, AddCartLinesRequest request, CancellationToken cancellationToken)
    {
        var (cart, transaction) = await FindForChangeAsync(id, cancellationToken);
        await using var owned = transaction;
        var inputs = request.Lines ?? (request.Sku is null && request.Quantity is null
            ? []
            : [new CartLineInput { Sku = request.Sku, Quantity = request.Quantity, CostCenterId = request.CostCenterId, Note = request.Note }]);
        var prefix = request.Lines is null ? string.Empty : "lines[{0}].";
        if (inputs.Count == 0)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["sku"] = ["Send a sku and quantity, or a list of lines."] });
        }
        var validated = await ValidateLinesAsync(inputs, prefix, cancellationToken);
        Merge(cart, validated);
        await SaveAsync(cart, transaction, cancellationToken);
        return await PriceAsync(cart, cancellationToken);
    }

    public async Task<CartDto> ScanAsync(Guid id, CartScanRequest request, CancellationToken cancellationToken)
    {
        var (cart, transaction) = await FindForChangeAsync(id, cancellationToken);
        await using var owned = transaction;
        var result = Gtin.TryNormalize(Gtin.FromScan(request.Code), allowStrippedZeros: true, out var gtin);
        if (result != Gtin.ParseError.None)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["code"] = [Gtin.Describe(result)] }, "The code is not a valid GTIN.");
        }
        // A logistic unit's label (AI 02 with AI 37) stands for its count of items, times the scans asked for.
        var quantity = (request.Quantity ?? 1) * (Gtin.ContainedCount(request.Code) ?? 1);
        if (Quantities.Check(quantity) is { } quantityError)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["quantity"] = [quantityError] });
        }
        var found = await db.Products.AsNoTracking().Where(p => p.Gtin == gtin).Select(p => new { p.Sku, p.RestrictedGroups, p.Unit }).FirstOrDefaultAsync(cancellationToken);
        // A product restricted to groups the account is outside of is not found by its GTIN either (issue #22).
        if (found is null || !await MayBuyAsync(cart.CustomerId, found.RestrictedGroups, cancellationToken))
        {
            throw new NotFoundException($"No product has the GTIN {gtin}.");
        }
        if (Quantities.Check(quantity, found.Unit) is { } unitError)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["quantity"] = [unitError] });
        }
        var sku = found.Sku;
        Merge(cart, [new ValidLine(sku, quantity, null, null, null, null)]);
        await SaveAsync(cart, transaction, cancellationToken);
        return await PriceAsync(cart, cancellationToken);
    }

    public async Task<CartDto> UpdateLineAsync(Guid id, Guid lineId, UpdateCartLineRequest request, CancellationToken cancellationToken)
    {
        var (cart, transaction) = await FindForChangeAsync(id, cancellationToken);
        await using var owned = transaction;
        var line = cart.Lines.FirstOrDefault(l => l.Id == lineId) ?? throw new NotFoundException($"The cart has no line '{lineId}'.");
        if (request.Quantity is { } quantity)
        {
            var unit = await db.Products.AsNoTracking().Where(p => p.Sku == line.Sku).Select(p => p.Unit).FirstOrDefaultAsync(cancellationToken);
            if (Quantities.Check(quantity, unit) is { } quantityError)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["quantity"] = [quantityError + (quantity <= 0 ? " (Delete the line to remove it.)" : string.Empty)] });
            }
            line.Quantity = quantity;
        }
        if (request.ClearCostCenter == true)
        {
            line.CostCenterId = null;
        }
        else if (request.CostCenterId is { } costCenterId)
        {
            line.CostCenterId = (await RequireCostCenterAsync(costCenterId, cancellationToken)).Id;
        }
        if (request.Note is not null)
        {
            line.Note = request.Note.Length == 0 ? null : request.Note.Trim()[..Math.Min(500, request.Note.Trim().Length)];
        }
        if (request.ClearDeliveryDate == true)
        {
            line.DeliveryDate = null;
        }
        else if (request.DeliveryDate is { } date)
        {
            if (date < pricing.Today)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["deliveryDate"] = [$"The delivery date {date:yyyy-MM-dd} is in the past."] });
            }
            line.DeliveryDate = date;
        }
        await SaveAsync(cart, transaction, cancellationToken);
        return await PriceAsync(cart, cancellationToken);
    }

    public async Task<CartDto> DeleteLineAsync(Guid id, Guid lineId, CancellationToken cancellationToken)
    {
        var (cart, transaction) = await FindForChangeAsync(id, cancellationToken);
        await using var owned = transaction;
        var line = cart.Lines.FirstOrDefault(l => l.Id == lineId) ?? throw new NotFoundException($"The cart has no line '{lineId}'.");
        cart.Lines.Remove(line);
        db.CartLines.Remove(line);
        await SaveAsync(cart, transaction, cancellationToken);
        return await PriceAsync(cart, cancellationToken);
    }

    /// <summary>A validated line to add.</summary>
    public sealed record ValidLine(string Sku, decimal Quantity, Guid? CostCenterId, string? Note, DateOnly? DeliveryDate, string? CustomerReference);

    /// <summary>Checks skus, quantities and cost centers of new lines; throws a 400 with every error (or 404 for a foreign cost center).</summary>
    internal async Task<List<ValidLine>> ValidateLinesAsync(IReadOnlyList<CartLineInput> inputs, string prefixFormat, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var skus = inputs.Where(i => i?.Sku is not null).Select(i => i.Sku!.Trim()).Distinct().ToList();
        var units = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => new { p.Sku, p.Unit })
            .ToDictionaryAsync(p => p.Sku, p => p.Unit, StringComparer.Ordinal, cancellationToken);
        var costCenterIds = inputs.Where(i => i?.CostCenterId is not null).Select(i => i.CostCenterId!.Value).Distinct().ToList();
        var costCenters = await db.CostCenters.AsNoTracking().Where(c => costCenterIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var notChargeable = await charging.NotChargeableAsync(costCenters.Keys, cancellationToken);
        var result = new List<ValidLine>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var prefix = string.Format(System.Globalization.CultureInfo.InvariantCulture, prefixFormat, i);
            var input = inputs[i];
            if (input is null)
            {
                errors.Add(prefix.TrimEnd('.'), "The line is empty.");
                continue;
            }
            var sku = input.Sku?.Trim();
            if (string.IsNullOrEmpty(sku))
            {
                errors.Add(prefix + "sku", "The sku is required.");
            }
            else if (!units.ContainsKey(sku))
            {
                errors.Add(prefix + "sku", $"No product has the sku '{sku}'.");
            }
            if (input.Quantity is not { } quantity)
            {
                errors.Add(prefix + "quantity", "The quantity is required and greater than 0.");
            }
            else if (Quantities.Check(quantity, sku is null ? null : units.GetValueOrDefault(sku)) is { } quantityError)
            {
                errors.Add(prefix + "quantity", quantityError);
            }
            if (input.CostCenterId is { } cc && !costCenters.ContainsKey(cc))
            {
                // Another account's cost center is simply not found.
                throw new NotFoundException($"No cost center has the id '{cc}'.");
            }
            if (input.CostCenterId is { } other && notChargeable.Contains(other))
            {
                throw CostCenterCharging.Refused(prefix + "costCenterId", costCenters[other].Code);
            }
            if (input.CostCenterId is { } inactive && costCenters.TryGetValue(inactive, out var found) && !found.Active)
            {
                errors.Add(prefix + "costCenterId", $"The cost center '{found.Code}' is inactive.");
            }
            if (input.Note is { Length: > 500 })
            {
                errors.Add(prefix + "note", "The note has at most 500 characters.");
            }
            if (input.DeliveryDate is { } date && date < pricing.Today)
            {
                // As for CSV rows (date-in-past) and quote requests: a delivery date is today (UTC) or later.
                errors.Add(prefix + "deliveryDate", $"The delivery date {date:yyyy-MM-dd} is in the past.");
            }
            if (errors.IsEmpty)
            {
                result.Add(new ValidLine(sku!, input.Quantity!.Value, input.CostCenterId, input.Note?.Trim(), input.DeliveryDate, null));
            }
        }
        errors.ThrowIfAny();
        return result;
    }

    /// <summary>Adds lines; a sku already in the cart (with the same cost center) gets the quantity added.</summary>
    internal void Merge(Cart cart, IEnumerable<ValidLine> lines)
    {
        var position = cart.Lines.Count == 0 ? 0 : cart.Lines.Max(l => l.Position);
        foreach (var line in lines)
        {
            var existing = cart.Lines.FirstOrDefault(l => l.Sku == line.Sku && l.CostCenterId == line.CostCenterId);
            if (existing is not null)
            {
                existing.Quantity += line.Quantity;
                existing.Note = line.Note ?? existing.Note;
                continue;
            }
            var added = new CartLine
            {
                CustomerId = cart.CustomerId, CartId = cart.Id, Position = ++position, Sku = line.Sku, Quantity = line.Quantity,
                CostCenterId = line.CostCenterId, Note = line.Note, DeliveryDate = line.DeliveryDate, CustomerReference = line.CustomerReference,
            };
            cart.Lines.Add(added);
            db.CartLines.Add(added);
        }
        if (cart.Lines.Count > MaxLines)
        {
            throw new BusinessRuleException($"A cart holds at most {MaxLines} lines.");
        }
    }

    internal async Task SaveAsync(Cart cart, CancellationToken cancellationToken)
    {
        cart.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Saves a cart loaded by <see cref="FindForChangeAsync"/> and commits the transaction it began, if it began one.</summary>
    internal async Task SaveAsync(Cart cart, IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        await SaveAsync(cart, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Loads a cart to change it. On PostgreSQL the cart's row is locked first (<c>FOR UPDATE</c>, to the end of the
    /// transaction this begins or joins), so changes to one cart run one after the other: eight scans fired at once
    /// add eight, not fewer, and a product scanned twice at once is one line, not two. Answers the transaction it
    /// began (null when it joined one), for <see cref="SaveAsync(Cart, IDbContextTransaction?, CancellationToken)"/>.
    /// </summary>
    internal async Task<(Cart Cart, IDbContextTransaction? Transaction)> FindForChangeAsync(Guid id, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var locks = db.Database.IsNpgsql();
        var transaction = locks ? await db.BeginOrJoinAsync(cancellationToken) : null;
        try
        {
            if (locks)
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM carts WHERE id = {id} FOR UPDATE", cancellationToken);
            }
            return (await FindAsync(id, tracking: true, cancellationToken), transaction);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            throw;
        }
    }

    internal async Task<Cart> FindAsync(Guid id, bool tracking, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var query = Visible().Include(c => c.Lines).AsQueryable();
        if (!tracking)
        {
            query = query.AsNoTracking();
        }
        return await query.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No cart has the id '{id}'.");
    }

    /// <summary>A user's own carts; supplier-side callers see the account's carts.</summary>
    /// <summary>Whether the account may buy a product restricted to <paramref name="restrictedGroups"/> (the supplier side may handle any).</summary>
    private async Task<bool> MayBuyAsync(Guid customerId, string? restrictedGroups, CancellationToken cancellationToken)
    {
        if (restrictedGroups is null || callers.Required.IsSupplier)
        {
            return true;
        }
        var account = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.CustomerGroup, c.Groups }).FirstAsync(cancellationToken);
        return Catalog.CustomerGroups.Allows(restrictedGroups, account.CustomerGroup, account.Groups);
    }

    private IQueryable<Cart> Visible()
    {
        var caller = callers.Required;
        return caller.IsSupplier ? db.Carts : db.Carts.Where(c => c.UserId == caller.UserId);
    }

    private async Task<Accounts.CostCenter> RequireCostCenterAsync(Guid id, CancellationToken cancellationToken)
    {
        var costCenter = await db.CostCenters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No cost center has the id '{id}'.");
        if (!costCenter.Active)
        {
            throw new BusinessRuleException($"The cost center '{costCenter.Code}' is inactive.");
        }
        return (await charging.NotChargeableAsync([id], cancellationToken)).Count == 0 ? costCenter : throw CostCenterCharging.Refused("costCenterId", costCenter.Code);
    }

    /// <summary>The cart with live prices, stock and lead time per line.</summary>
    internal async Task<CartDto> PriceAsync(Cart cart, CancellationToken cancellationToken)
    {
        var lines = cart.Lines.OrderBy(l => l.Position).ToList();
        var priced = await pricing.PriceLinesAsync(cart.CustomerId, null, pricing.Today, lines.Select(l => (l.Sku, l.Quantity)).ToList(), cancellationToken);
        var skus = lines.Select(l => l.Sku).Distinct().ToList();
        var products = skus.Count == 0
            ? []
            : await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku))
                .Select(p => new { p.Sku, p.Name, p.Unit, p.StockQuantity, p.LeadTimeDays })
                .ToDictionaryAsync(p => p.Sku, cancellationToken);
        var result = new List<CartLineDto>(lines.Count);
        decimal total = 0, saving = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var (price, error) = priced.Lines[i];
            products.TryGetValue(line.Sku, out var product);
            var stock = product is null ? null : new StockInfo(product.StockQuantity >= line.Quantity, product.StockQuantity, product.LeadTimeDays);
            total += price?.LineTotal ?? 0;
            saving += price?.LineSaving ?? 0;
            result.Add(new CartLineDto(line.Id, line.Sku, product?.Name, product?.Unit, line.Quantity, line.CostCenterId, line.Note, line.DeliveryDate,
                price?.UnitPrice, price?.ListPrice, price?.Saving, price?.LineTotal, price?.Source, price?.ConditionId, stock,
                error is null ? null : new PriceLineError(error.Code, error.Message)));
        }
        return new CartDto(cart.Id, cart.Name, cart.UserId, priced.Currency, result, total, saving, lines.Count, cart.UpdatedAt, cart.Kind);
    }

}
