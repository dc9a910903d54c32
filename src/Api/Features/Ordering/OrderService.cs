using Portal.Api.Features.Accounts;
using Portal.Api.Features.Events;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Ordering;

/// <summary>
/// Orders: placed from a cart or from lines with prices, descriptions, cost centers and the address fixed
/// at ordering; the status lifecycle with its history; the history with filters; reorder; the ERP feed.
/// </summary>
public sealed partial class OrderService(
    PortalDbContext db,
    CallerContext callers,
    TenantScope tenant,
    PriceCalculationService pricing,
    CartService carts,
    CostCenterCharging charging,
    Approvals.OrderPlacementGate placementGate,
    TimeProvider clock,
    IEnumerable<IOrderFulfilmentListener> fulfilmentListeners)
{
    public const int MaxLines = 5_000;

    /// <summary>A line of a new order, before pricing.</summary>
    // AgreedUnitPrice: a price fixed by the buyer's purchase order (cXML); null means the account's price.
    // CostCenterCode: the buyer's cost-center code when it matches none of the account's cost centers.
    // AgreedPriceSource / AgreedConditionId: where an agreed price comes from (default purchase-order; an accepted quote says quote and its number).
    internal sealed record NewLine(
        string Sku, decimal Quantity, Guid? CostCenterId, string? Note, DateOnly? DeliveryDate,
        decimal? AgreedUnitPrice = null, string? CostCenterCode = null, string? AgreedPriceSource = null, string? AgreedConditionId = null,
        int? BuyerLineNumber = null, string? BuyerUnit = null);

    public async Task<OrderDto> CreateAsync(CreateOrderRequest request, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        if (request.CartId is null == (request.Lines is null))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["cartId"] = ["Send either cartId or lines."] });
        }
        Cart? cart = null;
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? cartLock = null;
        try
        {
            List<NewLine> lines;
            if (request.CartId is { } cartId)
            {
                // Under the cart's lock: a scan committing while the order is placed lands before it (and is ordered)
                // or after it (and finds no cart), never in a cart the order deletes.
                (cart, cartLock) = await carts.FindForChangeAsync(cartId, cancellationToken);
                lines = cart.Lines.OrderBy(l => l.Position).Select(l => new NewLine(l.Sku, l.Quantity, l.CostCenterId, l.Note, l.DeliveryDate)).ToList();
                if (lines.Count == 0)
                {
                    throw new BusinessRuleException("The cart is empty.");
                }
                // Checked when the lines were added, and again now: the user may have moved to another unit since.
                var refused = await charging.NotChargeableAsync(lines.Select(l => l.CostCenterId).OfType<Guid>().Distinct().ToList(), cancellationToken);
                if (refused.Count > 0)
                {
                    var index = lines.FindIndex(l => l.CostCenterId is { } c && refused.Contains(c));
                    var code = await db.CostCenters.AsNoTracking().Where(c => c.Id == lines[index].CostCenterId).Select(c => c.Code).FirstAsync(cancellationToken);
                    throw CostCenterCharging.Refused($"cart line {index + 1}", code);
                }
                // Dates were checked when the lines were added; a cart kept for days may ask for a day that has passed.
                if (lines.FindIndex(l => l.DeliveryDate < pricing.Today) is var passed and >= 0)
                {
                    throw new BusinessRuleException(
                        $"Cart line {passed + 1} ({lines[passed].Sku}) asks for delivery on {lines[passed].DeliveryDate:yyyy-MM-dd}, which has passed: " +
                        "change or clear the date in the cart. Nothing was placed.");
                }
            }
            else
            {
                var validated = await carts.ValidateLinesAsync(request.Lines!, "lines[{0}].", cancellationToken);
                lines = validated.Select(v => new NewLine(v.Sku, v.Quantity, v.CostCenterId, v.Note, v.DeliveryDate)).ToList();
            }
            var reference = string.IsNullOrWhiteSpace(request.CustomerReference) ? null : request.CustomerReference.Trim();
            if (reference is { Length: > 64 })
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["customerReference"] = ["The customer reference has at most 64 characters."] });
            }
            var order = await PlaceAsync(lines, request.DeliveryAddressId, reference, request.Note, "api", cancellationToken, cart);
            if (cartLock is not null)
            {
                await cartLock.CommitAsync(cancellationToken);
            }
            return await GetAsync(order.Id, cancellationToken);
        }
        finally
        {
            if (cartLock is not null)
            {
                await cartLock.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Prices and stores an order (used by the API, CSV imports, quotes and punchout intake), at
    /// <paramref name="forOrgUnitId"/> or the caller's unit: its budgets, approval rules and default cost center apply.
    /// </summary>
    internal async Task<Order> PlaceAsync(
        IReadOnlyList<NewLine> lines, Guid? deliveryAddressId, string? customerReference, string? note, string source,
        CancellationToken cancellationToken, Cart? consumedCart = null, Func<Order, IReadOnlyList<OrderLine>, IReadOnlyList<PriceMismatch>>? checkPrices = null,
        OrderAddress? deliveryAddress = null, string? punchoutProtocol = null, ImportBatch? batch = null, Guid? forOrgUnitId = null)
    {
        var customerId = tenant.RequireCustomer();
        var caller = callers.Required;
        var channel = OrderChannels.Of(source, caller, callers.UserAgent, consumedCart?.Origin, punchoutProtocol);

        // The unit the order is for: given (a quote's: the unit it was requested for), else the caller's, else the root.
        var orgUnitId = forOrgUnitId ?? batch?.OrgUnitId;
        if (forOrgUnitId is null && batch is not { OrgUnitKnown: true })
        {
            orgUnitId = await CallerUnitAsync(cancellationToken);
            if (batch is not null)
            {
                (batch.OrgUnitKnown, batch.OrgUnitId) = (true, orgUnitId);
            }
        }
        var address = deliveryAddress ?? (batch is null
            ? await ResolveAddressAsync(deliveryAddressId, orgUnitId, cancellationToken)
            : await ImportAddressAsync(deliveryAddressId, batch, cancellationToken));

        var now = clock.GetUtcNow();
        var order = new Order
        {
            CustomerId = customerId,
            Number = string.Empty,
            RequesterId = caller.UserId,
            OrgUnitId = orgUnitId,
            CustomerReference = customerReference,
            Status = OrderStatuses.Submitted,
            Currency = string.Empty,
            Source = source,
            Channel = channel,
            Note = Text.Clip(note, 1000),
            DeliveryAddress = address,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var (currency, built) = await BuildLinesAsync(order, lines, now, cancellationToken, batch);
        order.Currency = currency;
        order.Lines.AddRange(built);
        order.Total = order.Lines.Sum(l => l.LineTotal);
        if (checkPrices is not null)
        {
            order.PriceMismatches.AddRange(checkPrices(order, built));
        }

        // Imports place several orders in one transaction of their own: join it rather than start one.
        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        order.Number = batch is null ? await NextNumberAsync(now, cancellationToken) : await ImportNumberAsync(now, batch, cancellationToken);
        // Budgets (locked, checked, charged) and approval: may refuse the order or make it pending-approval.
        var gated = await placementGate.ApplyAsync(order, now, cancellationToken, batch?.Lookups);
        order.History.Add(new OrderStatusChange { CustomerId = customerId, OrderId = order.Id, From = null, To = order.Status, At = now, Actor = Actor(caller), Reason = $"Placed ({source})" });
        if (batch is not null)
        {
            // An import writes the lines after their orders, with COPY (FlushImportAsync).
            batch.Lines.AddRange(built);
            batch.PendingOrders++;
            order.Lines = [];
        }
        db.Orders.Add(order);
        db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, CustomerId = customerId, Type = "created", Status = order.Status, At = now });
        // The integration event commits with the order (transactional outbox).
        db.AddEvent(EventTypes.OrderSubmitted, customerId, now, new OrderSubmittedData(
            order.Id, order.Number, order.Status, order.CustomerReference, order.RequesterId, order.OrgUnitId, order.Currency, order.Total, source,
            built.OrderBy(l => l.Position).Select(l => new OrderLineData(l.Position, l.Sku, l.Description, l.Quantity, l.Unit, l.UnitPrice, l.LineTotal, l.CostCenterCode, l.BuyerLineNumber)).ToList(),
            now));
        if (consumedCart is not null)
        {
            db.Carts.Remove(consumedCart);
        }
        // An import saves its orders together (FlushImportAsync), except one for which the gate locked budgets
        // or started an approval: the next order's budget check must read its charges.
        if (batch is null || gated)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return order;
    }

    /// <summary>
    /// Replaces the lines of an order that has not been confirmed yet (a changed purchase order). The
    /// caller saves; the order's version guards against a concurrent change.
    /// </summary>
    internal async Task ReplaceLinesAsync(
        Order order, IReadOnlyList<NewLine> lines, string reason, CancellationToken cancellationToken,
        Func<Order, IReadOnlyList<OrderLine>, IReadOnlyList<PriceMismatch>>? checkPrices = null)
    {
        if (!OrderStatuses.OpenForBuyer(order.Status))
        {
            throw new ConflictException($"The order is {order.Status}: it can no longer be changed.");
        }
        var now = clock.GetUtcNow();
        var (currency, built) = await BuildLinesAsync(order, lines, now, cancellationToken);
        db.OrderLines.RemoveRange(order.Lines);
        order.Lines.Clear();
        order.Lines.AddRange(built);
        db.OrderLines.AddRange(built);
        order.Currency = currency;
        order.Total = built.Sum(l => l.LineTotal);
        order.PriceMismatches = checkPrices is null ? [] : checkPrices(order, built).ToList();
        order.UpdatedAt = now;
        order.Version++;
        // The changed order passes the gate again: an approval given for other lines does not cover these, and the
        // budgets carry what the order costs now (a block budget may refuse the change: nothing is changed then).
        var from = order.Status;
        await placementGate.ReapplyAsync(order, now, cancellationToken);
        db.OrderStatusChanges.Add(new OrderStatusChange { CustomerId = order.CustomerId, OrderId = order.Id, From = from, To = order.Status, At = now, Actor = Actor(callers.Required), Reason = reason });
        db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, CustomerId = order.CustomerId, Type = from == order.Status ? "changed" : "status-changed", Status = order.Status, At = now });
        if (from != order.Status)
        {
            db.AddEvent(EventTypes.OrderStatusChanged, order.CustomerId, now, new OrderStatusChangedData(order.Id, order.Number, from, order.Status, reason, order.TrackingNumber, order.Carrier, now));
        }
    }

    /// <summary>Prices the lines at the account's prices (or the agreed ones) and snapshots names, units and cost centers.</summary>
    private async Task<(string Currency, List<OrderLine> Lines)> BuildLinesAsync(
        Order order, IReadOnlyList<NewLine> lines, DateTimeOffset now, CancellationToken cancellationToken, ImportBatch? batch = null)
    {
        var customerId = order.CustomerId;
        if (lines.Count == 0 || lines.Count > MaxLines)
        {
            throw new BusinessRuleException($"An order has 1 to {MaxLines} lines.");
        }
        var priced = await pricing.PriceLinesAsync(customerId, null, pricing.Today, lines.Select(l => (l.Sku, l.Quantity)).ToList(), cancellationToken);
        // A line priced by an accepted quote (agreed price with its source) needs no price of the account.
        // A restricted product is refused whatever the price (issue #22: line error restricted).
        var unpriced = priced.Lines.Select((p, i) => (p, i)).Where(x => x.p.Price is null
            && (lines[x.i].AgreedUnitPrice is null || lines[x.i].AgreedPriceSource is null || x.p.Error?.Code == PriceErrorCodes.Restricted)).ToList();
        if (unpriced.Count > 0)
        {
            var problem = new BusinessRuleException($"{unpriced.Count} line(s) cannot be ordered; nothing was placed.");
            problem.Extensions["lines"] = unpriced.Select(x => new { index = x.i, sku = lines[x.i].Sku, code = x.p.Error!.Code, message = x.p.Error.Message }).ToList();
            throw problem;
        }

        var defaultCostCenter = order.OrgUnitId is { } unitId ? await DefaultCostCenterAsync(unitId, batch, cancellationToken) : null;
        var products = await ProductFactsAsync(lines.Select(l => l.Sku).Distinct().ToList(), batch, cancellationToken);
        var costCenterIds = lines.Select(l => l.CostCenterId ?? defaultCostCenter).OfType<Guid>().Distinct().ToList();
        var costCenters = await CostCenterCodesAsync(costCenterIds, batch, cancellationToken);

        var built = new List<OrderLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var price = priced.Lines[i].Price;
            var costCenterId = line.CostCenterCode is null ? line.CostCenterId ?? defaultCostCenter : null;
            var unitPrice = line.AgreedUnitPrice ?? price!.UnitPrice;
            built.Add(new OrderLine
            {
                CustomerId = customerId, OrderId = order.Id, Position = i + 1, BuyerLineNumber = line.BuyerLineNumber, BuyerUnit = line.BuyerUnit, Sku = line.Sku,
                Description = products[line.Sku].Name, Unit = products[line.Sku].Unit, Quantity = line.Quantity,
                UnitPrice = unitPrice, ListPrice = price?.ListPrice ?? unitPrice,
                LineTotal = line.AgreedUnitPrice is null ? price!.LineTotal : Math.Round(unitPrice * line.Quantity, 2, MidpointRounding.AwayFromZero),
                PriceSource = line.AgreedUnitPrice is null ? price!.Source : line.AgreedPriceSource ?? "purchase-order", ConditionId = line.AgreedConditionId ?? price?.ConditionId ?? string.Empty,
                CostCenterId = costCenterId,
                CostCenterCode = costCenterId is { } cc ? costCenters.GetValueOrDefault(cc) : line.CostCenterCode,
                DeliveryDate = line.DeliveryDate, Note = line.Note, OrderCreatedAt = order.CreatedAt,
            });
        }
        return (priced.Currency, built);
    }

    /// <summary>The account's current unit price of each line (for price checks of purchase orders).</summary>
    internal async Task<IReadOnlyList<decimal?>> CurrentUnitPricesAsync(IReadOnlyList<(string Sku, decimal Quantity)> lines, CancellationToken cancellationToken)
    {
        var priced = await pricing.PriceLinesAsync(tenant.RequireCustomer(), null, pricing.Today, lines, cancellationToken);
        return priced.Lines.Select(l => l.Price?.UnitPrice).ToList();
    }

    public async Task<OrderDto> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var order = await Visible().AsNoTracking().AsSplitQuery()
            .Include(o => o.Lines).Include(o => o.History)
            .FirstOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No order has the id '{id}'.");
        var documents = await db.OrderDocuments.AsNoTracking().Where(d => d.OrderId == id)
            .OrderBy(d => d.CreatedAt)
            .Select(d => new OrderDocumentDto(d.Id, d.Kind, d.FileName, d.ContentType, d.Size, d.Sha256, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return ToDto(order, documents) with
        {
            Invoices = await InvoicesOfAsync(id, cancellationToken),
            CxmlDocuments = await CxmlDocumentsOfAsync(id, cancellationToken),
        };
    }

    /// <summary>
    /// Orders a customer-side caller may see: administrators, approvers and read-only users those of
    /// their org units (and below); requesters their own. Supplier-side callers see the account's orders.
    /// </summary>
    internal IQueryable<Order> Visible()
    {
        var caller = callers.Required;
        if (caller.IsSupplier)
        {
            // The selected account's orders, or, without Portal-Customer, every account's (the ERP works
            // with order ids from the feed).
            return db.Orders;
        }
        tenant.RequireCustomer();
        var paths = caller.Assignments
            .Where(a => a.Role is Roles.Administrator or Roles.Approver or Roles.ReadOnly)
            .Select(a => a.OrgUnitPath).Distinct().ToList();
        var userId = caller.UserId;
        if (paths.Count == 0)
        {
            return db.Orders.Where(o => o.RequesterId == userId);
        }
        if (paths.Any(p => p.Count(c => c == '/') == 2))
        {
            return db.Orders; // a role at the root: the whole account
        }
        var units = db.OrgUnits.Where(u => paths.Any(p => u.Path.StartsWith(p))).Select(u => u.Id);
        return db.Orders.Where(o => o.RequesterId == userId || (o.OrgUnitId != null && units.Contains(o.OrgUnitId.Value)));
    }

    /// <summary>The caller's unit (a supplier-side caller's: the root), where its orders are placed.</summary>
    private async Task<Guid?> CallerUnitAsync(CancellationToken cancellationToken)
    {
        Guid? unit = null;
        if (callers.Required.UserId is { } userId)
        {
            unit = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (Guid?)u.OrgUnitId).FirstOrDefaultAsync(cancellationToken);
        }
        return unit ?? await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == null).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>403 unless the caller's orders may ship to the address: checked when a schedule is made, not at its first run.</summary>
    internal async Task RequireDeliveryAddressAsync(Guid addressId, CancellationToken cancellationToken) =>
        await ResolveAddressAsync(addressId, await CallerUnitAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// The delivery address of an order for <paramref name="orgUnitId"/>. A given one must serve the unit (the company's,
    /// the unit's own or one above it) unless the caller holds requester or administrator at the address's unit, as
    /// for cost centers; without one, the default nearest the unit (its own, a unit's above, the company's), else the
    /// first address serving it, else the account's first.
    /// </summary>
    private async Task<OrderAddress> ResolveAddressAsync(Guid? addressId, Guid? orgUnitId, CancellationToken cancellationToken)
    {
        var unitPath = orgUnitId is { } unit ? await db.OrgUnits.AsNoTracking().Where(o => o.Id == unit).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken) : null;
        var path = unitPath?.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList() ?? [];
        Address? address;
        if (addressId is { } id)
        {
            address = await db.Addresses.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
                ?? throw new NotFoundException($"No address has the id '{id}'.");
            if (address.Kind != Address.Delivery)
            {
                throw new BusinessRuleException("The deliveryAddressId names a billing address; choose a delivery address.");
            }
            if (address.OrgUnitId is { } at && !path.Contains(at)
                && !CostCenterCharging.MayUse(callers.Required, unitPath, await db.OrgUnits.AsNoTracking().Where(o => o.Id == at).Select(o => o.Path).FirstAsync(cancellationToken)))
            {
                throw new ForbiddenException(
                    $"deliveryAddressId: the address '{address.Name}' belongs to another unit; choose one of the order's unit, a unit above it or the company's.");
            }
        }
        else
        {
            var serving = db.Addresses.AsNoTracking().Where(a => a.Kind == Address.Delivery && (a.OrgUnitId == null || path.Contains(a.OrgUnitId.Value)));
            var defaults = await serving.Where(a => a.IsDefault).ToListAsync(cancellationToken);
            address = defaults.OrderByDescending(a => a.OrgUnitId is { } u ? path.IndexOf(u) : -1).FirstOrDefault()
                ?? await serving.OrderBy(a => a.SortKey).FirstOrDefaultAsync(cancellationToken)
                ?? await db.Addresses.AsNoTracking().Where(a => a.Kind == Address.Delivery).OrderByDescending(a => a.IsDefault).ThenBy(a => a.SortKey).FirstOrDefaultAsync(cancellationToken)
                ?? throw new RequestValidationException(new Dictionary<string, string[]> { ["deliveryAddressId"] = ["The account has no delivery address; send deliveryAddressId or create one."] });
        }
        return new OrderAddress
        {
            AddressId = address.Id, Name = address.Name, Department = address.Department, Street = address.Street, Street2 = address.Street2,
            PostalCode = address.PostalCode, City = address.City, Region = address.Region, Country = address.Country,
        };
    }

    /// <summary>The default cost center of the unit, or of the nearest unit above it that has one.</summary>
    private async Task<Guid?> DefaultCostCenterAsync(Guid orgUnitId, CancellationToken cancellationToken)
    {
        var path = await db.OrgUnits.AsNoTracking().Where(o => o.Id == orgUnitId).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken);
        if (path is null)
        {
            return null;
        }
        var ancestors = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
        var defaults = await db.OrgUnits.AsNoTracking().Where(o => ancestors.Contains(o.Id)).Select(o => new { o.Id, o.DefaultCostCenterId }).ToListAsync(cancellationToken);
        foreach (var ancestor in Enumerable.Reverse(ancestors))
        {
            if (defaults.FirstOrDefault(d => d.Id == ancestor)?.DefaultCostCenterId is { } costCenter)
            {
                return costCenter;
            }
        }
        return null;
    }

    /// <summary>The next order number, from a counter row (one increment per order, inside the order's transaction).</summary>
    private async Task<string> NextNumberAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT INTO counters (name, value) VALUES ('order-number', 0) ON CONFLICT (name) DO NOTHING", cancellationToken);
        var value = await db.Database.SqlQueryRaw<long>("UPDATE counters SET value = value + 1 WHERE name = 'order-number' RETURNING value AS \"Value\"")
            .ToListAsync(cancellationToken);
        return $"SO-{now.Year}-{value[0]:D7}";
    }

    internal static string Actor(Caller caller) => caller.UserId is { } user ? $"{caller.ClientId} (user {user})" : caller.ClientId;

    internal static OrderDto ToDto(Order o, IReadOnlyList<OrderDocumentDto> documents) => new(
        o.Id, o.Number, o.Status, o.CustomerReference, o.RequesterId, o.OrgUnitId, o.Currency, o.Total, o.Source, o.Note,
        o.DeliveryAddress is { } a ? new OrderAddressDto(a.Name, a.Department, a.Street, a.Street2, a.PostalCode, a.City, a.Region, a.Country) : null,
        o.TrackingNumber, o.Carrier,
        o.Lines.OrderBy(l => l.Position).Select(l => new OrderLineDto(l.Id, l.Position, l.Sku, l.Description, l.Unit, l.Quantity, l.UnitPrice, l.ListPrice,
            l.LineTotal, l.PriceSource, l.ConditionId, l.CostCenterId, l.CostCenterCode, l.DeliveryDate, l.Note,
            l.ConfirmedQuantity, l.ConfirmedUnitPrice, l.ConfirmedDeliveryDate, l.BuyerLineNumber, l.BuyerUnit)).ToList(),
        o.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new OrderStatusChangeDto(h.From, h.To, h.At, h.Actor, h.Reason)).ToList(),
        documents,
        o.PriceMismatches.OrderBy(m => m.Position).Select(m => new PriceMismatchDto(m.Position, m.Sku, m.OrderedUnitPrice, m.QuotedUnitPrice, m.CurrentUnitPrice, m.Reason)).ToList(),
        o.CreatedAt, o.UpdatedAt, Channel: o.Channel,
        ConfirmedTotal: o.Lines.Any(l => l.ConfirmedQuantity is not null)
            ? o.Lines.Sum(l => Portal.Punchout.Money.CurrencyAmounts.LineTotal(l.ConfirmedUnitPrice ?? l.UnitPrice, l.ConfirmedQuantity ?? l.Quantity, o.Currency))
            : null);
}
