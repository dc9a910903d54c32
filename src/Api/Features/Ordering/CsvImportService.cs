using Portal.Api.Features.Pricing;
using Portal.Api.Infrastructure.Csv;

namespace Portal.Api.Features.Ordering;

/// <summary>A row that failed: its line in the file, the column, a stable code and a message.</summary>
public sealed record ImportRowError(int Row, string Column, string Code, string Message);

/// <summary>What a CSV import into a cart did.</summary>
/// <param name="RowsRead">Data rows in the file.</param>
/// <param name="RowsApplied">Rows that became cart lines.</param>
/// <param name="ErrorCount">Rows with errors (all reported up to 1,000).</param>
/// <param name="Errors">The errors, by row (with mode=skip-invalid; otherwise the 400 problem lists them).</param>
/// <param name="Cart">The cart after the import.</param>
public sealed record CartImportReport(int RowsRead, int RowsApplied, int ErrorCount, IReadOnlyList<ImportRowError> Errors, CartDto Cart);

/// <summary>What a CSV list-order import did.</summary>
/// <param name="RowsRead">Data rows in the file.</param>
/// <param name="RowsApplied">Rows that became order lines.</param>
/// <param name="ErrorCount">Rows with errors (all reported up to 1,000).</param>
/// <param name="Errors">The errors, by row (with mode=skip-invalid; otherwise the 400 problem lists them).</param>
/// <param name="Orders">The orders placed, one per customer_reference.</param>
public sealed record OrderImportReport(int RowsRead, int RowsApplied, int ErrorCount, IReadOnlyList<ImportRowError> Errors, IReadOnlyList<ImportedOrder> Orders);

/// <summary>
/// The 400 problem of an import with failed rows in the default mode (all-or-nothing): nothing was applied;
/// <c>rowErrors</c> lists each failed row typed as in the import report, <c>errors</c> the same by
/// <c>rows[line].column</c>.
/// </summary>
public sealed class ImportProblemDetails : Microsoft.AspNetCore.Mvc.ValidationProblemDetails
{
    /// <summary>The failed rows: line, column, stable code, message (up to 1,000).</summary>
    public IReadOnlyList<ImportRowError> RowErrors { get; init; } = [];

    /// <summary>Data rows in the file.</summary>
    public int RowsRead { get; init; }

    /// <summary>Rows with errors.</summary>
    public int ErrorCount { get; init; }
}

public sealed record ImportedOrder(Guid Id, string Number, string? CustomerReference, int LineCount, decimal Total, string Currency);

/// <summary>
/// EDI-style list orders from CSV: into a cart, or as orders (one per distinct customer_reference). The
/// file is read twice from the buffered request body — once to validate every row, once to apply — so a
/// 100,000-row file needs memory for its valid lines only, never for the file. By default nothing is
/// applied when any row fails (<c>mode=all-or-nothing</c>); <c>mode=skip-invalid</c> applies the valid rows.
/// </summary>
public sealed class CsvImportService(
    PortalDbContext db,
    TenantScope tenant,
    CartService carts,
    OrderService orders,
    PriceCalculationService pricing,
    ImportGate gate,
    CallerContext callers,
    CostCenterCharging charging,
    IOptions<PortalOptions> options)
{
    public const int MaxReportedErrors = 1000;
    private const int Batch = 1000;
    // Placed orders are saved, and their lines written, in groups of this size (bounded memory and change tracking).
    private const int LinesPerFlush = 5000;
    private const int OrdersPerFlush = 100;

    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["sku"] = "sku", ["quantity"] = "quantity", ["costcenter"] = "cost_center", ["deliverydate"] = "delivery_date",
        ["note"] = "note", ["customerreference"] = "customer_reference",
    };

    private sealed record Row(int Line, string Sku, decimal Quantity, Guid? CostCenterId, DateOnly? DeliveryDate, string? Note, string? Reference);

    public async Task<CartImportReport> ImportIntoCartAsync(Guid cartId, CsvBody body, string? mode, CancellationToken cancellationToken)
    {
        using var ticket = gate.Enter(callers.Required.ClientId);
        await carts.FindAsync(cartId, tracking: false, cancellationToken); // 404 before reading the file
        var skipInvalid = ParseMode(mode);
        var limits = CsvLimits.From(options.Value.Imports, options.Value.Imports.MaxCartRows);
        var validation = await ValidateAsync(body, limits, requireReference: false, cancellationToken);
        if (validation.Errors.Count > 0 && !skipInvalid)
        {
            throw Rejected(validation);
        }
        body.Stream.Position = 0;
        var applied = 0;
        // The file is checked; the cart is changed under its lock, like every other change to a cart.
        var (cart, transaction) = await carts.FindForChangeAsync(cartId, cancellationToken);
        await using (transaction)
        {
            await foreach (var row in ValidRowsAsync(body, limits, validation.InvalidLines, cancellationToken))
            {
                carts.Merge(cart, [new CartService.ValidLine(row.Sku, row.Quantity, row.CostCenterId, row.Note, row.DeliveryDate, row.Reference)]);
                applied++;
            }
            await carts.SaveAsync(cart, transaction, cancellationToken);
        }
        return new CartImportReport(validation.RowsRead, applied, validation.ErrorCount, validation.Errors, await carts.PriceAsync(cart, cancellationToken));
    }

    public async Task<OrderImportReport> ImportOrdersAsync(CsvBody body, string? mode, Guid? deliveryAddressId, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        using var ticket = gate.Enter(callers.Required.ClientId);
        var skipInvalid = ParseMode(mode);
        var limits = CsvLimits.From(options.Value.Imports, options.Value.Imports.MaxOrderRows);
        var validation = await ValidateAsync(body, limits, requireReference: true, cancellationToken);
        if (validation.Errors.Count > 0 && !skipInvalid)
        {
            throw Rejected(validation);
        }
        body.Stream.Position = 0;
        var byReference = new Dictionary<string, List<OrderService.NewLine>>(StringComparer.Ordinal);
        var applied = 0;
        await foreach (var row in ValidRowsAsync(body, limits, validation.InvalidLines, cancellationToken))
        {
            if (!byReference.TryGetValue(row.Reference!, out var lines))
            {
                byReference[row.Reference!] = lines = [];
            }
            lines.Add(new OrderService.NewLine(row.Sku, row.Quantity, row.CostCenterId, row.Note, row.DeliveryDate));
            applied++;
        }
        if (byReference.Count == 0)
        {
            return new OrderImportReport(validation.RowsRead, 0, validation.ErrorCount, validation.Errors, []);
        }

        var placed = new List<ImportedOrder>(byReference.Count);
        var batch = new OrderService.ImportBatch(byReference.Count);
        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        foreach (var (reference, lines) in byReference)
        {
            var order = await orders.PlaceAsync(lines, deliveryAddressId, reference, null, "csv", cancellationToken, batch: batch);
            placed.Add(new ImportedOrder(order.Id, order.Number, reference, lines.Count, order.Total, order.Currency));
            if (batch.Lines.Count >= LinesPerFlush || batch.PendingOrders >= OrdersPerFlush)
            {
                await orders.FlushImportAsync(batch, cancellationToken);
            }
        }
        await orders.FlushImportAsync(batch, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new OrderImportReport(validation.RowsRead, applied, validation.ErrorCount, validation.Errors, placed);
    }

    private sealed record Validation(int RowsRead, int ErrorCount, List<ImportRowError> Errors, HashSet<int> InvalidLines);

    /// <summary>Pass 1: every row checked; skus, prices and cost centers looked up a thousand rows at a time.</summary>
    private async Task<Validation> ValidateAsync(CsvBody body, CsvLimits limits, bool requireReference, CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var errors = new List<ImportRowError>();
        var invalid = new HashSet<int>();
        var errorCount = 0;
        void Fail(int line, string column, string code, string message)
        {
            if (invalid.Add(line))
            {
                errorCount++;
            }
            if (errors.Count < MaxReportedErrors)
            {
                errors.Add(new ImportRowError(line, column, code, message));
            }
        }

        var costCenters = await (from center in db.CostCenters.AsNoTracking()
                                 join unit in db.OrgUnits.AsNoTracking() on center.OrgUnitId equals unit.Id
                                 select new { center.Id, center.Code, center.Active, UnitPath = unit.Path }).ToListAsync(cancellationToken);
        var caller = callers.Required;
        var orderUnit = await charging.OrderUnitPathAsync(cancellationToken);
        var byCode = costCenters.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
        var byId = costCenters.ToDictionary(c => c.Id);
        var today = pricing.Today;
        var linesPerReference = new Dictionary<string, int>(StringComparer.Ordinal);

        var delimiter = ',';
        var rowsRead = 0;
        var pending = new List<Row>(Batch);
        IReadOnlyList<string> header = [];
        var headerChecked = false;
        await foreach (var csv in CsvTable.ReadAsync(body, limits, d => delimiter = d, h => header = h.Select(Normalize).ToList(), cancellationToken))
        {
            if (!headerChecked)
            {
                headerChecked = true;
                var missing = new[] { "sku", "quantity" }.Concat(requireReference ? ["customerreference"] : Array.Empty<string>()).Where(c => !header.Contains(c)).ToList();
                if (missing.Count > 0)
                {
                    throw new RequestValidationException(
                        new Dictionary<string, string[]> { ["header"] = [$"The header lacks: {string.Join(", ", missing.Select(m => Columns[m]))}."] },
                        "The file's header row is missing required columns.");
                }
            }
            rowsRead++;
            // The reader's field names are normalized already (CsvTable.NormalizeHeader): looked up as they are.
            var fields = csv.Fields;
            string? Get(string column) => fields.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
            var line = csv.Line;
            var before = errorCount;

            var sku = Get("sku");
            if (sku is null)
            {
                Fail(line, "sku", "missing-value", "The sku is empty.");
            }
            decimal quantity = 0;
            if (Get("quantity") is not { } quantityText)
            {
                Fail(line, "quantity", "bad-quantity", "The quantity is empty.");
            }
            else if (!CsvTable.TryParseDecimal(quantityText, delimiter, out quantity))
            {
                Fail(line, "quantity", "bad-quantity", CsvTable.NumberProblem(quantityText, delimiter, "a quantity greater than 0"));
            }
            else if (Quantities.Check(quantity) is { } quantityError)
            {
                Fail(line, "quantity", "bad-quantity", quantityError);
            }
            Guid? costCenterId = null;
            if (Get("costcenter") is { } costCenterText)
            {
                var found = byCode.TryGetValue(costCenterText, out var c) ? c : Guid.TryParse(costCenterText, out var g) && byId.TryGetValue(g, out var c2) ? c2 : null;
                if (found is null)
                {
                    Fail(line, "cost_center", "unknown-cost-center", $"The account has no cost center '{costCenterText}'.");
                }
                else if (!found.Active)
                {
                    Fail(line, "cost_center", "inactive-cost-center", $"The cost center '{found.Code}' is inactive.");
                }
                else if (!CostCenterCharging.MayUse(caller, orderUnit, found.UnitPath))
                {
                    Fail(line, "cost_center", "cost-center-not-allowed",
                        $"You may not charge the cost center '{found.Code}': it belongs to an org unit that is neither yours nor above it, and you hold no requester or administrator role there.");
                }
                else
                {
                    costCenterId = found.Id;
                }
            }
            DateOnly? deliveryDate = null;
            if (Get("deliverydate") is { } dateText)
            {
                if (!DateOnly.TryParseExact(dateText, ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    Fail(line, "delivery_date", "bad-date", $"'{dateText}' is not a date (yyyy-MM-dd).");
                }
                else if (date < today)
                {
                    Fail(line, "delivery_date", "date-in-past", $"The delivery date {date:yyyy-MM-dd} is in the past.");
                }
                else
                {
                    deliveryDate = date;
                }
            }
            var note = Get("note");
            if (note is { Length: > 500 })
            {
                Fail(line, "note", "too-long", "The note has at most 500 characters.");
            }
            var reference = Get("customerreference");
            if (requireReference && reference is null)
            {
                Fail(line, "customer_reference", "missing-value", "The customer_reference (your PO number) is empty.");
            }
            else if (reference is { Length: > 64 })
            {
                Fail(line, "customer_reference", "too-long", "The customer_reference has at most 64 characters.");
            }
            else if (requireReference && reference is not null)
            {
                var count = linesPerReference[reference] = linesPerReference.GetValueOrDefault(reference) + 1;
                if (count > OrderService.MaxLines)
                {
                    Fail(line, "customer_reference", "order-too-large", $"An order has at most {OrderService.MaxLines} lines.");
                }
            }
            if (errorCount == before)
            {
                pending.Add(new Row(line, sku!, quantity, costCenterId, deliveryDate, note, reference));
            }
            if (pending.Count == Batch)
            {
                await CheckProductsAsync(customerId, pending, Fail, cancellationToken);
            }
        }
        await CheckProductsAsync(customerId, pending, Fail, cancellationToken);
        if (!headerChecked)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["body"] = ["The file is empty: send a header row and data rows."] });
        }
        if (rowsRead == 0)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["body"] = ["The file has a header but no data rows."] });
        }
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        return new Validation(rowsRead, errorCount, errors, invalid);
    }

    /// <summary>Unknown, restricted or unpriced skus, for a batch of otherwise valid rows.</summary>
    private async Task CheckProductsAsync(Guid customerId, List<Row> rows, Action<int, string, string, string> fail, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var priced = await pricing.PriceLinesAsync(customerId, null, pricing.Today, rows.Select(r => (r.Sku, r.Quantity)).ToList(), cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            if (priced.Lines[i].Error is { } error)
            {
                fail(rows[i].Line, error.Code == PriceErrorCodes.InvalidQuantity ? "quantity" : "sku", error.Code, error.Message);
            }
        }
        rows.Clear();
    }

    /// <summary>Pass 2: the rows that passed, parsed again from the buffered body.</summary>
    private async IAsyncEnumerable<Row> ValidRowsAsync(CsvBody body, CsvLimits limits, HashSet<int> invalid, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var customerId = tenant.RequireCustomer();
        var costCenters = await db.CostCenters.AsNoTracking().Where(c => c.CustomerId == customerId).Select(c => new { c.Id, c.Code }).ToListAsync(cancellationToken);
        var byCode = costCenters.ToDictionary(c => c.Code, c => c.Id, StringComparer.OrdinalIgnoreCase);
        var delimiter = ',';
        await foreach (var csv in CsvTable.ReadAsync(body, limits, d => delimiter = d, _ => { }, cancellationToken))
        {
            if (invalid.Contains(csv.Line))
            {
                continue;
            }
            // The reader's field names are normalized already (CsvTable.NormalizeHeader): looked up as they are.
            var fields = csv.Fields;
            string? Get(string column) => fields.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
            CsvTable.TryParseDecimal(Get("quantity")!, delimiter, out var quantity);
            Guid? costCenter = Get("costcenter") is { } cc ? byCode.TryGetValue(cc, out var id) ? id : Guid.Parse(cc) : null;
            DateOnly? date = Get("deliverydate") is { } d
                ? DateOnly.ParseExact(d, ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None)
                : null;
            yield return new Row(csv.Line, Get("sku")!, quantity, costCenter, date, Get("note"), Get("customerreference"));
        }
    }

    private static string Normalize(string header) => header.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);

    private static bool ParseMode(string? mode) => mode switch
    {
        null or "" or "all-or-nothing" => false,
        "skip-invalid" => true,
        _ => throw new RequestValidationException(new Dictionary<string, string[]> { ["mode"] = ["The mode is all-or-nothing (default) or skip-invalid."] }),
    };

    private static RequestValidationException Rejected(Validation validation)
    {
        var dictionary = validation.Errors
            .GroupBy(e => $"rows[{e.Row}].{e.Column}")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        var problem = new RequestValidationException(dictionary,
            $"The file was not applied: {validation.ErrorCount} of {validation.RowsRead} rows have errors. Fix them, or send ?mode=skip-invalid to apply the valid rows.");
        problem.Extensions["rowErrors"] = validation.Errors;
        problem.Extensions["rowsRead"] = validation.RowsRead;
        problem.Extensions["errorCount"] = validation.ErrorCount;
        return problem;
    }
}
