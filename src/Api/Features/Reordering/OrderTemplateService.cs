using Portal.Api.Features.Ordering;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Reordering;

/// <summary>
/// Order templates: shared lists of lines (a user's, an org unit's, the account's) that become a cart at
/// today's prices or an order through approvals and budgets.
/// </summary>
public sealed class OrderTemplateService(
    PortalDbContext db,
    CallerContext callers,
    TenantScope tenant,
    ReorderingAccess access,
    CartService carts,
    OrderService orders,
    PriceCalculationService pricing,
    CostCenterCharging charging,
    TimeProvider clock)
{
    public const int MaxLines = 500;

    public async Task<OrderTemplateDto> CreateAsync(CreateOrderTemplateRequest request, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var name = CheckName(request.Name);
        var (scope, unit) = await access.ResolveScopeAsync(request.Scope, request.OrgUnitId, cancellationToken);
        var owner = callers.Required.UserId;
        await access.RequireManageAsync(scope, unit, owner, "create this template", cancellationToken);
        await Quotas.EnsureRoomAsync(db.Set<OrderTemplate>().Where(t => t.OwnerUserId == owner), Quotas.TemplatesPerUser, "A user", "order templates", cancellationToken);
        var lines = await ValidateLinesAsync(request.Lines, cancellationToken);
        var now = clock.GetUtcNow();
        var template = new OrderTemplate
        {
            CustomerId = customerId, Name = name, Scope = scope, OrgUnitId = unit, OwnerUserId = owner, Lines = lines, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return await ToDtoAsync(template, cancellationToken);
    }

    public async Task<Page<OrderTemplateSummaryDto>> ListAsync(string? scope, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var query = (await access.VisibleTemplatesAsync(cancellationToken)).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(scope))
        {
            var wanted = scope.Trim();
            if (!ReorderingScopes.All.Contains(wanted))
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["scope"] = ["The scope is user, org-unit or account."] });
            }
            query = query.Where(t => t.Scope == wanted);
        }
        return (await ReorderingPaging.PageAsync(query, limit, cursor, cancellationToken))
            .Map(t => new OrderTemplateSummaryDto(t.Id, t.Name, t.Scope, t.OrgUnitId, t.OwnerUserId, t.Lines.Count, t.UpdatedAt));
    }

    public async Task<OrderTemplateDto> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await ToDtoAsync(await FindAsync(id, tracking: false, cancellationToken), cancellationToken);

    public async Task<OrderTemplateDto> UpdateAsync(Guid id, UpdateOrderTemplateRequest request, CancellationToken cancellationToken)
    {
        var template = await FindAsync(id, tracking: true, cancellationToken);
        await access.RequireManageAsync(template.Scope, template.OrgUnitId, template.OwnerUserId, "change this template", cancellationToken);
        if (request.Scope is not null || request.OrgUnitId is not null)
        {
            var (scope, unit) = await access.ResolveScopeAsync(request.Scope ?? template.Scope, request.OrgUnitId, cancellationToken);
            var owner = scope == ReorderingScopes.User ? template.OwnerUserId ?? callers.Required.UserId : template.OwnerUserId;
            await access.RequireManageAsync(scope, unit, owner, "share this template there", cancellationToken);
            template.Scope = scope;
            template.OrgUnitId = unit;
            template.OwnerUserId = owner;
        }
        if (request.Name is not null)
        {
            template.Name = CheckName(request.Name);
        }
        if (request.Lines is not null)
        {
            template.Lines = await ValidateLinesAsync(request.Lines, cancellationToken);
        }
        template.UpdatedAt = clock.GetUtcNow();
        template.Version++;
        await SaveAsync(cancellationToken);
        return await ToDtoAsync(template, cancellationToken);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var template = await FindAsync(id, tracking: true, cancellationToken);
        await access.RequireManageAsync(template.Scope, template.OrgUnitId, template.OwnerUserId, "delete this template", cancellationToken);
        db.Remove(template); // its schedules go with it (cascade)
        await SaveAsync(cancellationToken);
    }

    /// <summary>A new cart of the caller with the template's lines at today's prices; lines that cannot be bought are reported (as reorder does).</summary>
    public async Task<ReorderResult> CartAsync(Guid id, CancellationToken cancellationToken)
    {
        var template = await FindAsync(id, tracking: false, cancellationToken);
        await carts.EnsureRoomAsync(callers.Required.UserId, cancellationToken);
        var (cart, skipped, _) = await BuildCartAsync(template, callers.Required.UserId, CartKinds.Standard, template.Name, moveOutOfStock: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new ReorderResult(await carts.PriceAsync(cart, cancellationToken), skipped);
    }

    /// <summary>Places the template's lines as an order at today's prices, through budgets and approvals.</summary>
    public async Task<OrderDto> OrderAsync(Guid id, TemplateOrderRequest? request, CancellationToken cancellationToken)
    {
        var template = await FindAsync(id, tracking: false, cancellationToken);
        var reference = string.IsNullOrWhiteSpace(request?.CustomerReference) ? null : request.CustomerReference.Trim();
        if (reference is { Length: > 64 })
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["customerReference"] = ["The customer reference has at most 64 characters."] });
        }
        if (request?.Note is { Length: > 1000 })
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["note"] = ["The note has at most 1000 characters."] });
        }
        var (keep, skipped, _) = await PlanAsync(template, moveOutOfStock: false, cancellationToken);
        if (skipped.Count > 0)
        {
            var problem = new BusinessRuleException($"{skipped.Count} line(s) of the template cannot be ordered any more; nothing was placed.");
            problem.Extensions["lines"] = skipped.Select(x => new { sku = x.Sku, code = x.Code, message = x.Message }).ToList();
            throw problem;
        }
        var lines = keep.Select(l => new OrderService.NewLine(l.Sku, l.Quantity, l.CostCenterId, l.Note, l.DeliveryDate)).ToList();
        var order = await orders.PlaceAsync(lines, request?.DeliveryAddressId, reference, request?.Note ?? $"Order template '{template.Name}'", "template", cancellationToken);
        return await orders.GetAsync(order.Id, cancellationToken);
    }

    /// <summary>
    /// The template's lines as they can be bought today. Unknown or restricted skus are left out and
    /// reported; with <paramref name="moveOutOfStock"/>, a line the stock does not cover gets the delivery
    /// date of its lead time and is reported as moved. A cost center deactivated meanwhile, or one the caller may not
    /// charge (<see cref="CostCenterCharging"/>), is dropped.
    /// </summary>
    internal async Task<(List<CartService.ValidLine> Keep, List<ReorderSkipped> Skipped, List<ReplenishmentLineNote> Moved)> PlanAsync(
        OrderTemplate template, bool moveOutOfStock, CancellationToken cancellationToken)
    {
        var lines = template.Lines;
        var priced = await pricing.PriceLinesAsync(template.CustomerId, null, pricing.Today, lines.Select(l => (l.Sku, l.Quantity)).ToList(), cancellationToken);
        var active = await charging.UsableAsync(lines.Select(l => l.CostCenterId), cancellationToken);
        var stock = await StockAsync(lines.Select(l => l.Sku), cancellationToken);
        var skipped = new List<ReorderSkipped>();
        var moved = new List<ReplenishmentLineNote>();
        var keep = new List<CartService.ValidLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (price, error) = priced.Lines[i];
            if (price is null && error!.Code is PriceErrorCodes.UnknownSku or PriceErrorCodes.Restricted)
            {
                skipped.Add(new ReorderSkipped(lines[i].Id, lines[i].Sku, error.Code, error.Message));
                continue;
            }
            DateOnly? delivery = null;
            if (moveOutOfStock && stock.TryGetValue(lines[i].Sku, out var s) && s.StockQuantity < lines[i].Quantity)
            {
                delivery = DeliveryDateAfter(s.LeadTimeDays);
                moved.Add(new ReplenishmentLineNote
                {
                    Sku = lines[i].Sku, Action = "moved", Code = "out-of-stock", DeliveryDate = delivery,
                    Message = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{s.StockQuantity:0.###} in stock for {lines[i].Quantity:0.###}: delivery moved by the lead time of {s.LeadTimeDays} working day(s)."),
                });
            }
            var costCenter = lines[i].CostCenterId is { } cc && active.Contains(cc) ? cc : (Guid?)null;
            keep.Add(new CartService.ValidLine(lines[i].Sku, lines[i].Quantity, costCenter, lines[i].Note, delivery, null));
        }
        return (keep, skipped, moved);
    }

    /// <summary>A new cart (not yet saved) with the planned lines of the template.</summary>
    internal async Task<(Cart Cart, List<ReorderSkipped> Skipped, List<ReplenishmentLineNote> Moved)> BuildCartAsync(
        OrderTemplate template, Guid? userId, string kind, string name, bool moveOutOfStock, CancellationToken cancellationToken)
    {
        var (keep, skipped, moved) = await PlanAsync(template, moveOutOfStock, cancellationToken);
        var now = clock.GetUtcNow();
        var cart = new Cart { CustomerId = template.CustomerId, UserId = userId, Name = name.Length > 200 ? name[..200] : name, Kind = kind,
            Origin = kind == CartKinds.Suggested ? OrderChannels.Schedule : OrderChannels.Template, CreatedAt = now, UpdatedAt = now };
        db.Carts.Add(cart);
        carts.Merge(cart, keep);
        return (cart, skipped, moved);
    }

    /// <summary>Stock and lead time of the skus now (the ERP's figures as synchronised into the catalog).</summary>
    internal async Task<Dictionary<string, (decimal StockQuantity, int LeadTimeDays)>> StockAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var list = skus.Distinct().ToList();
        return list.Count == 0
            ? []
            : (await db.Products.AsNoTracking().Where(p => list.Contains(p.Sku)).Select(p => new { p.Sku, p.StockQuantity, p.LeadTimeDays }).ToListAsync(cancellationToken))
                .ToDictionary(p => p.Sku, p => (p.StockQuantity, p.LeadTimeDays), StringComparer.Ordinal);
    }

    /// <summary>Today plus a number of working days (Monday to Friday).</summary>
    internal DateOnly DeliveryDateAfter(int workingDays)
    {
        var date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var left = Math.Max(0, workingDays);
        while (left > 0)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                left--;
            }
        }
        return date;
    }

    internal async Task<OrderTemplate> FindAsync(Guid id, bool tracking, CancellationToken cancellationToken) =>
        await ReorderingPaging.FindAsync(await access.VisibleTemplatesAsync(cancellationToken), id, tracking, $"No order template has the id '{id}'.", cancellationToken);

    private async Task<List<TemplateLine>> ValidateLinesAsync(IReadOnlyList<TemplateLineInput>? inputs, CancellationToken cancellationToken)
    {
        if (inputs is null || inputs.Count == 0)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["lines"] = ["A template has at least one line."] });
        }
        if (inputs.Count > MaxLines)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["lines"] = [$"A template has at most {MaxLines} lines."] });
        }
        var validated = await carts.ValidateLinesAsync(
            inputs.Select(i => i is null ? null! : new CartLineInput { Sku = i.Sku, Quantity = i.Quantity, CostCenterId = i.CostCenterId, Note = i.Note }).ToList(),
            "lines[{0}].", cancellationToken);
        return validated.Select(v => new TemplateLine { Sku = v.Sku, Quantity = v.Quantity, CostCenterId = v.CostCenterId, Note = string.IsNullOrEmpty(v.Note) ? null : v.Note }).ToList();
    }

    private static string CheckName(string? name)
    {
        var value = name?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > 200)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["name"] = ["The name is 1 to 200 characters."] });
        }
        return value;
    }

    private Task SaveAsync(CancellationToken cancellationToken) =>
        ReorderingPaging.SaveAsync(db, "The template was changed or deleted meanwhile; read it again.", cancellationToken);

    private async Task<OrderTemplateDto> ToDtoAsync(OrderTemplate t, CancellationToken cancellationToken) => new(
        t.Id, t.Name, t.Scope, t.OrgUnitId, t.OwnerUserId,
        t.Lines.Select(l => new TemplateLineDto(l.Id, l.Sku, l.Quantity, l.CostCenterId, l.Note)).ToList(),
        await access.CanManageAsync(t.Scope, t.OrgUnitId, t.OwnerUserId, cancellationToken), t.CreatedAt, t.UpdatedAt);
}
