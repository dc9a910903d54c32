using Portal.Api.Features.Accounts;
using Portal.Api.Features.Events;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Ordering;

/// <summary>The status lifecycle with its history and feed events, and reorder into a new cart.</summary>
public sealed partial class OrderService
{
    /// <summary>A status change: by the ERP (confirm, ship, deliver, cancel) or, for cancellation before confirmation, by the customer.</summary>
    public async Task<OrderDto> ChangeStatusAsync(Guid id, OrderStatusRequest request, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        // The order first: another account's id is "not found" whatever the body says.
        var order = await Visible().FirstOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No order has the id '{id}'.");
        var status = request.Status?.Trim().ToLowerInvariant();
        if (status is null || !OrderStatuses.All.Contains(status))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["status"] = ["The status is one of: " + string.Join(", ", OrderStatuses.All) + "."] });
        }
        if (!caller.IsSupplier && status != OrderStatuses.Cancelled)
        {
            throw new ForbiddenException("Customer-side callers can only cancel orders; the supplier confirms, ships and delivers them.");
        }
        if (!caller.IsSupplier && !OrderStatuses.OpenForBuyer(order.Status))
        {
            throw new BusinessRuleException($"The order is {order.Status}: ask the supplier to cancel it.");
        }
        if (!OrderStatuses.CanMove(order.Status, status))
        {
            throw new BusinessRuleException($"An order cannot go from {order.Status} to {status}.");
        }
        var lines = status == OrderStatuses.Confirmed || request.Lines is { Count: > 0 }
            ? await db.OrderLines.Where(l => l.OrderId == order.Id).ToListAsync(cancellationToken)
            : [];
        if (request.Lines is { Count: > 0 })
        {
            ValidateConfirmedLines(status, request.Lines, lines);
        }
        if (status == OrderStatuses.Confirmed)
        {
            // What the supplier confirms stays on the lines: the buyer sees it, and invoices keep to it.
            foreach (var line in lines)
            {
                var confirmed = request.Lines?.FirstOrDefault(c => c.LineNumber == line.Position);
                line.ConfirmedQuantity = confirmed?.Quantity ?? line.Quantity;
                line.ConfirmedUnitPrice = confirmed?.UnitPrice ?? line.UnitPrice;
                line.ConfirmedDeliveryDate = confirmed?.DeliveryDate;
            }
        }
        if (status == OrderStatuses.Shipped)
        {
            order.TrackingNumber = request.TrackingNumber?.Trim() ?? order.TrackingNumber;
            order.Carrier = request.Carrier?.Trim() ?? order.Carrier;
        }
        var from = order.Status;
        Move(order, status, Text.Clip(request.Reason, 1000));
        if (caller.IsSupplier)
        {
            foreach (var listener in fulfilmentListeners)
            {
                await listener.OnStatusChangedAsync(order, from, request with { Reason = Text.Clip(request.Reason, 1000) }, cancellationToken);
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The order changed at the same time. Read it again and retry.");
        }
        return await GetAsync(id, cancellationToken);
    }

    private static void ValidateConfirmedLines(string status, IReadOnlyList<ConfirmedLineInput> lines, IReadOnlyList<OrderLine> orderLines)
    {
        var errors = new ValidationErrors();
        if (status != OrderStatuses.Confirmed)
        {
            errors.Add("lines", "Confirmed lines go with the status confirmed only.");
            errors.ThrowIfAny();
        }
        var ordered = orderLines.ToDictionary(l => l.Position);
        var seen = new HashSet<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].LineNumber is not { } number || !ordered.TryGetValue(number, out var line))
            {
                errors.Add($"lines[{i}].lineNumber", "The number (position) of a line of this order.");
            }
            else if (!seen.Add(number))
            {
                errors.Add($"lines[{i}].lineNumber", $"Line {number} is confirmed once only.");
            }
            else if (lines[i].Quantity is < 0 || lines[i].Quantity > line.Quantity)
            {
                errors.Add($"lines[{i}].quantity", $"0 to the ordered quantity ({Shown(line.Quantity)}).");
            }
            else if (lines[i].Quantity is { } quantity && quantity > 0 && Quantities.Check(quantity, line.Unit) is { } problem)
            {
                errors.Add($"lines[{i}].quantity", problem);
            }
            if (lines[i].UnitPrice is < 0)
            {
                errors.Add($"lines[{i}].unitPrice", "0 or more.");
            }
        }
        if (orderLines.All(l => lines.Any(c => c.LineNumber == l.Position && c.Quantity == 0)))
        {
            errors.Add("lines", "Every line would be confirmed with quantity 0: reject the order instead (status rejected).");
        }
        errors.ThrowIfAny();
    }

    /// <summary>Moves a tracked order to <paramref name="status"/> with its history entry and feed event; the caller checks the move and saves.</summary>
    internal void Move(Order order, string status, string? reason)
    {
        var now = clock.GetUtcNow();
        db.OrderStatusChanges.Add(new OrderStatusChange
        {
            CustomerId = order.CustomerId, OrderId = order.Id, From = order.Status, To = status, At = now, Actor = Actor(callers.Required), Reason = reason,
        });
        var from = order.Status;
        order.Status = status;
        order.UpdatedAt = now;
        order.Version++;
        db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, CustomerId = order.CustomerId, Type = "status-changed", Status = status, At = now });
        // Integration events commit with the change (transactional outbox).
        db.AddEvent(EventTypes.OrderStatusChanged, order.CustomerId, now,
            new OrderStatusChangedData(order.Id, order.Number, from, status, reason, order.TrackingNumber, order.Carrier, now));
        if (status == OrderStatuses.Cancelled)
        {
            db.AddEvent(EventTypes.OrderCancelled, order.CustomerId, now, new OrderCancelledData(order.Id, order.Number, from, reason, now));
        }
    }

    /// <summary>A new cart with lines of a past order, at today's prices; lines that cannot be bought any more are reported.</summary>
    public async Task<ReorderResult> ReorderAsync(Guid id, ReorderRequest? request, CancellationToken cancellationToken)
    {
        var order = await Visible().AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No order has the id '{id}'.");
        var lines = order.Lines.OrderBy(l => l.Position).ToList();
        if (request?.LineIds is { Count: > 0 } wanted)
        {
            var unknown = wanted.Where(w => lines.All(l => l.Id != w)).ToList();
            if (unknown.Count > 0)
            {
                throw new NotFoundException($"The order has no line '{unknown[0]}'.");
            }
            lines = lines.Where(l => wanted.Contains(l.Id)).ToList();
        }

        var priced = await pricing.PriceLinesAsync(order.CustomerId, null, pricing.Today, lines.Select(l => (l.Sku, l.Quantity)).ToList(), cancellationToken);
        var activeCostCenters = await charging.UsableAsync(lines.Select(l => l.CostCenterId), cancellationToken);
        var skipped = new List<ReorderSkipped>();
        var keep = new List<CartService.ValidLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (price, error) = priced.Lines[i];
            if (price is null && error!.Code is PriceErrorCodes.UnknownSku or PriceErrorCodes.Restricted)
            {
                skipped.Add(new ReorderSkipped(lines[i].Id, lines[i].Sku, error.Code, error.Message));
                continue;
            }
            // A line whose price is missing today stays in the cart with its error, for the buyer to see.
            var costCenter = lines[i].CostCenterId is { } cc && activeCostCenters.Contains(cc) ? cc : (Guid?)null;
            keep.Add(new CartService.ValidLine(lines[i].Sku, lines[i].Quantity, costCenter, lines[i].Note, null, null));
        }
        await carts.EnsureRoomAsync(callers.Required.UserId, cancellationToken);
        var now = clock.GetUtcNow();
        var cart = new Cart { CustomerId = order.CustomerId, UserId = callers.Required.UserId, Name = $"Reorder {order.Number}", Origin = OrderChannels.Reorder, CreatedAt = now, UpdatedAt = now };
        db.Carts.Add(cart);
        carts.Merge(cart, keep);
        await db.SaveChangesAsync(cancellationToken);
        return new ReorderResult(await carts.PriceAsync(cart, cancellationToken), skipped);
    }
}
