using Portal.Api.Features.Events;
using Portal.Api.Features.Pricing;
using Portal.Punchout.Money;

namespace Portal.Api.Features.Ordering;

/// <summary>Invoices from the ERP, and what the order shows about them and about the cXML documents sent.</summary>
public sealed partial class OrderService
{
    private static readonly string[] InvoiceableStatuses = [OrderStatuses.Confirmed, OrderStatuses.Shipped, OrderStatuses.Delivered];

    /// <summary>Records an invoice (idempotent by number: the same content answers the existing invoice, other content is a 409).</summary>
    public async Task<(OrderInvoiceDto Invoice, bool Created)> InvoiceAsync(Guid id, CreateInvoiceRequest request, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        var order = await Visible().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No order has the id '{id}'.");
        if (!caller.IsSupplier)
        {
            throw new ForbiddenException("Only the supplier's ERP invoices orders.");
        }
        var errors = new ValidationErrors();
        var number = request.Number?.Trim();
        if (string.IsNullOrEmpty(number) || number.Length > 64)
        {
            errors.Add("number", "The invoice number is required (at most 64 characters).");
        }
        if (request.Date is null)
        {
            errors.Add("date", "The invoice date is required.");
        }
        if (request.Shipping is < 0 or > 1_000_000_000m)
        {
            errors.Add("shipping", "Shipping is 0 or more.");
        }
        if (request.Tax is < 0 or > 1_000_000_000m)
        {
            errors.Add("tax", "Tax is 0 or more.");
        }
        if (request.Lines is { Count: > MaxLines })
        {
            errors.Add("lines", $"At most {MaxLines} lines.");
        }
        for (var i = 0; i < (request.Lines?.Count ?? 0); i++)
        {
            var line = request.Lines![i];
            var ordered = order.Lines.FirstOrDefault(l => l.Position == line.LineNumber);
            if (ordered is null)
            {
                errors.Add($"lines[{i}].lineNumber", "The number (position) of a line of this order.");
            }
            if (line.Quantity is not > 0)
            {
                errors.Add($"lines[{i}].quantity", "A quantity greater than 0.");
            }
            else if (ordered is not null && Quantities.Check(line.Quantity.Value, ordered.Unit) is { } problem)
            {
                errors.Add($"lines[{i}].quantity", problem);
            }
        }
        errors.ThrowIfAny();

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new { number, request.Date, Lines = request.Lines?.Select(l => new { l.LineNumber, Quantity = Normal(l.Quantity!.Value) }), Shipping = Normal(request.Shipping ?? 0m), Tax = Normal(request.Tax ?? 0m) })));
        if (await db.OrderInvoices.AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, cancellationToken) is { } existing)
        {
            return existing.OrderId == id && existing.ContentHash == hash
                ? (ToDto(existing), false)
                : throw new ConflictException($"The invoice number {number} was used already for other content.");
        }
        if (!InvoiceableStatuses.Contains(order.Status))
        {
            throw new BusinessRuleException($"The order is {order.Status}: only confirmed, shipped or delivered orders are invoiced.");
        }

        var invoiced = (await db.OrderInvoices.AsNoTracking().Where(x => x.OrderId == id).Select(x => x.Lines).ToListAsync(cancellationToken))
            .SelectMany(l => l).GroupBy(l => l.LineNumber).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var wanted = request.Lines is { Count: > 0 }
            ? request.Lines.GroupBy(l => l.LineNumber!.Value).Select(g => (LineNumber: g.Key, Quantity: g.Sum(l => l.Quantity!.Value))).ToList()
            : order.Lines.Select(l => (LineNumber: l.Position, Quantity: Invoiceable(l) - invoiced.GetValueOrDefault(l.Position))).Where(l => l.Quantity > 0).ToList();
        if (wanted.Count == 0)
        {
            throw new BusinessRuleException("Every line of the order is invoiced already, as far as it was confirmed.");
        }
        var currency = order.Currency;
        var lines = new List<OrderInvoiceLine>();
        foreach (var (lineNumber, quantity) in wanted.OrderBy(w => w.LineNumber))
        {
            var line = order.Lines.First(l => l.Position == lineNumber);
            var before = invoiced.GetValueOrDefault(lineNumber);
            if (before + quantity > Invoiceable(line))
            {
                var limit = line.ConfirmedQuantity is { } confirmed ? $"{Shown(confirmed)} were confirmed" : $"{Shown(line.Quantity)} were ordered";
                throw new BusinessRuleException(
                    $"Line {lineNumber} ({line.Sku}): {Shown(quantity)} cannot be invoiced, {limit} and {Shown(before)} invoiced already.");
            }
            var price = CurrencyAmounts.Effective(line.ConfirmedUnitPrice ?? line.UnitPrice, currency);
            lines.Add(new OrderInvoiceLine { LineNumber = lineNumber, Quantity = quantity, UnitPrice = price, Amount = CurrencyAmounts.LineTotal(price, quantity, currency) });
        }
        var now = clock.GetUtcNow();
        var invoice = new OrderInvoice
        {
            CustomerId = order.CustomerId, OrderId = order.Id, Number = number!, Date = request.Date!.Value, Currency = currency, Lines = lines,
            Subtotal = lines.Sum(l => l.Amount), Shipping = CurrencyAmounts.Round(request.Shipping ?? 0m, currency), Tax = CurrencyAmounts.Round(request.Tax ?? 0m, currency),
            ContentHash = hash, CreatedAt = now,
        };
        invoice.Total = invoice.Subtotal + invoice.Shipping + invoice.Tax;
        db.OrderInvoices.Add(invoice);
        // The order's version is the lock: of two invoices checked against the same invoiced quantities at the same
        // time, one commits and the other fails below, so together they never exceed what was confirmed.
        order.Version++;
        order.UpdatedAt = now;
        db.AddEvent(EventTypes.OrderInvoiced, order.CustomerId, now, new OrderInvoicedData(
            order.Id, order.Number, invoice.Id, invoice.Number, invoice.Date, currency,
            lines.Select(l => new OrderInvoiceLineData(l.LineNumber, order.Lines.First(x => x.Position == l.LineNumber).Sku, l.Quantity, l.UnitPrice, l.Amount)).ToList(),
            invoice.Subtotal, invoice.Shipping, invoice.Tax, invoice.Total, now));
        foreach (var listener in fulfilmentListeners)
        {
            await listener.OnInvoicedAsync(order, invoice, cancellationToken);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another invoice of this order, or this number, at the same time: the other request won. The same number
            // and content answers as for a re-send; otherwise send again, checked against what is invoiced now.
            db.ChangeTracker.Clear();
            var winner = await db.OrderInvoices.AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, cancellationToken);
            if (winner is null)
            {
                throw new ConflictException("The order was invoiced or changed at the same time. Send the invoice again.");
            }
            return winner.OrderId == id && winner.ContentHash == hash
                ? (ToDto(winner), false)
                : throw new ConflictException($"The invoice number {number} was used at the same time for other content.");
        }
        return (ToDto(invoice), true);
    }

    private async Task<IReadOnlyList<OrderInvoiceDto>> InvoicesOfAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await db.OrderInvoices.AsNoTracking().Where(x => x.OrderId == orderId).OrderBy(x => x.CreatedAt).ToListAsync(cancellationToken)).Select(ToDto).ToList();

    private async Task<IReadOnlyList<CxmlDocumentDto>> CxmlDocumentsOfAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.OrderCxmlDocuments.AsNoTracking().Where(d => d.OrderId == orderId).OrderBy(d => d.CreatedAt)
            .Select(d => new CxmlDocumentDto(d.Type, d.Subtype, d.PayloadId, d.State, d.Attempts, d.LastStatus, d.LastHttpStatus, d.LastCxmlStatus, d.LastAttemptAt, d.CreatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>What a line may be invoiced for in all: the confirmed quantity (the rest was rejected), else the ordered one.</summary>
    private static decimal Invoiceable(OrderLine line) => line.ConfirmedQuantity ?? line.Quantity;

    private static string Shown(decimal value) => Normal(value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static decimal Normal(decimal value) => value / 1.000000000000000000000000000000000m; // 5 and 5.00 are the same content

    private static OrderInvoiceDto ToDto(OrderInvoice x) => new(
        x.Id, x.Number, x.Date, x.Currency, x.Lines.Select(l => new OrderInvoiceLineDto(l.LineNumber, l.Quantity, l.UnitPrice, l.Amount)).ToList(),
        x.Subtotal, x.Shipping, x.Tax, x.Total, x.CreatedAt);
}
