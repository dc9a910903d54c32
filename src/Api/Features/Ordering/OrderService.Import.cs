using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Portal.Api.Features.Ordering;

public sealed partial class OrderService
{
    /// <summary>
    /// The placements of one CSV import (one transaction, one caller, one delivery address): what every order
    /// of it looks up identically — the address, the caller's org unit and its default cost center, product
    /// names and units, cost-center codes — is read once; the order numbers are taken as one block of
    /// consecutive numbers (the same ones the orders would take one by one: the counter row stays locked until
    /// the import commits either way); and the lines are not saved with their orders but written with binary
    /// COPY once their orders are in. The orders themselves are saved together (<see cref="FlushImportAsync"/>),
    /// except one for which the gate locked budgets or started an approval: the next order's budget check reads
    /// the charges of those before it from the database. The gate's own lookups are memoized too (<see cref="Lookups"/>).
    /// </summary>
    internal sealed class ImportBatch(int orders)
    {
        internal OrderAddress? Address { get; set; }

        internal bool OrgUnitKnown { get; set; }

        internal Guid? OrgUnitId { get; set; }

        internal Dictionary<Guid, Guid?> DefaultCostCenters { get; } = [];

        internal Dictionary<string, (string Name, string Unit)> Products { get; } = new(StringComparer.Ordinal);

        internal Dictionary<Guid, string> CostCenterCodes { get; } = [];

        /// <summary>Orders the import will place: the size of the block of numbers.</summary>
        internal int Orders { get; } = orders;

        internal long? NextNumber { get; set; }

        internal int NumbersLeft { get; set; }

        /// <summary>Lines of placed orders not written yet.</summary>
        internal List<OrderLine> Lines { get; } = [];

        /// <summary>Orders placed since the last flush.</summary>
        internal int PendingOrders { get; set; }

        /// <summary>What the placement gate reads once per import.</summary>
        internal Approvals.PlacementLookups Lookups { get; } = new();
    }

    /// <summary>A copy of the import's delivery address (an owned value belongs to one order).</summary>
    private async Task<OrderAddress> ImportAddressAsync(Guid? deliveryAddressId, ImportBatch batch, CancellationToken cancellationToken)
    {
        var a = batch.Address ??= await ResolveAddressAsync(deliveryAddressId, batch.OrgUnitId, cancellationToken);
        return new OrderAddress
        {
            AddressId = a.AddressId, Name = a.Name, Department = a.Department, Street = a.Street, Street2 = a.Street2,
            PostalCode = a.PostalCode, City = a.City, Region = a.Region, Country = a.Country,
        };
    }

    /// <summary>The next number of an import: the first call takes the whole block in one statement.</summary>
    private async Task<string> ImportNumberAsync(DateTimeOffset now, ImportBatch batch, CancellationToken cancellationToken)
    {
        if (batch.NumbersLeft == 0)
        {
            if (batch.NextNumber is not null || batch.Orders <= 1)
            {
                return await NextNumberAsync(now, cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync("INSERT INTO counters (name, value) VALUES ('order-number', 0) ON CONFLICT (name) DO NOTHING", cancellationToken);
            var last = await db.Database.SqlQueryRaw<long>("UPDATE counters SET value = value + {0} WHERE name = 'order-number' RETURNING value AS \"Value\"", (long)batch.Orders)
                .ToListAsync(cancellationToken);
            batch.NextNumber = last[0] - batch.Orders + 1;
            batch.NumbersLeft = batch.Orders;
        }
        var value = batch.NextNumber!.Value;
        batch.NextNumber = value + 1;
        batch.NumbersLeft--;
        return $"SO-{now.Year}-{value:D7}";
    }

    /// <summary>The default cost center of an org unit, read once per import.</summary>
    private async Task<Guid?> DefaultCostCenterAsync(Guid orgUnitId, ImportBatch? batch, CancellationToken cancellationToken)
    {
        if (batch is null)
        {
            return await DefaultCostCenterAsync(orgUnitId, cancellationToken);
        }
        if (!batch.DefaultCostCenters.TryGetValue(orgUnitId, out var costCenter))
        {
            batch.DefaultCostCenters[orgUnitId] = costCenter = await DefaultCostCenterAsync(orgUnitId, cancellationToken);
        }
        return costCenter;
    }

    /// <summary>Name and unit of each sku (those an import has not read yet).</summary>
    private async Task<Dictionary<string, (string Name, string Unit)>> ProductFactsAsync(List<string> skus, ImportBatch? batch, CancellationToken cancellationToken)
    {
        var known = batch?.Products ?? new Dictionary<string, (string Name, string Unit)>(StringComparer.Ordinal);
        var missing = batch is null ? skus : skus.Where(s => !known.ContainsKey(s)).ToList();
        if (missing.Count > 0)
        {
            foreach (var p in await db.Products.AsNoTracking().Where(p => missing.Contains(p.Sku)).Select(p => new { p.Sku, p.Name, p.Unit }).ToListAsync(cancellationToken))
            {
                known[p.Sku] = (p.Name, p.Unit);
            }
        }
        return known;
    }

    /// <summary>The code of each cost center (those an import has not read yet).</summary>
    private async Task<Dictionary<Guid, string>> CostCenterCodesAsync(List<Guid> ids, ImportBatch? batch, CancellationToken cancellationToken)
    {
        var known = batch?.CostCenterCodes ?? [];
        var missing = batch is null ? ids : ids.Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var c in await db.CostCenters.AsNoTracking().Where(c => missing.Contains(c.Id)).Select(c => new { c.Id, c.Code }).ToListAsync(cancellationToken))
            {
                known[c.Id] = c.Code;
            }
        }
        return known;
    }

    /// <summary>Saves the import's pending orders, then writes their lines.</summary>
    internal async Task FlushImportAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.HasChanges() && !await CopyImportOrdersAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        batch.PendingOrders = 0;
        await WriteImportLinesAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Writes the import's pending lines (their orders are saved already): binary COPY on PostgreSQL, every
    /// column the entity maps written as EF Core would insert it; elsewhere, or should the entity gain a
    /// property this list does not know, through EF Core.
    /// </summary>
    private async Task WriteImportLinesAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Lines.Count == 0)
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(OrderLine))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        if (!db.Database.IsNpgsql() || !LinesCopyable(db.Model))
        {
            db.OrderLines.AddRange(batch.Lines);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            batch.Lines.Clear();
            return;
        }
        static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var columns = string.Join(", ", LineColumns.Select(c => Quote(entity.FindProperty(c.Property)!.GetColumnName(table)!)));
        var target = (entity.GetSchema() is { } schema ? Quote(schema) + "." : string.Empty) + Quote(table.Name);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {target} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var line in batch.Lines)
            {
                await writer.StartRowAsync(cancellationToken);
                foreach (var (_, write) in LineColumns)
                {
                    await write(writer, line, cancellationToken);
                }
            }
            await writer.CompleteAsync(cancellationToken);
        }
        batch.Lines.Clear();
    }

    /// <summary>
    /// True while <see cref="LineColumns"/> knows every property <see cref="OrderLine"/> maps. A property added to the
    /// entity and not here sends imports through EF Core, several times slower (OrderingTests asserts this holds).
    /// </summary>
    internal static bool LinesCopyable(Microsoft.EntityFrameworkCore.Metadata.IModel model) =>
        model.FindEntityType(typeof(OrderLine))!.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal)
            .SequenceEqual(LineColumns.Select(c => c.Property).Order(StringComparer.Ordinal));

    private static Task WriteText(NpgsqlBinaryImporter w, string? value, CancellationToken c) =>
        value is null ? w.WriteNullAsync(c) : w.WriteAsync(value, NpgsqlDbType.Varchar, c);

    /// <summary>Every mapped property of <see cref="OrderLine"/> and how COPY writes it.</summary>
    private static readonly (string Property, Func<NpgsqlBinaryImporter, OrderLine, CancellationToken, Task> Write)[] LineColumns =
    [
        (nameof(OrderLine.Id), (w, l, c) => w.WriteAsync(l.Id, NpgsqlDbType.Uuid, c)),
        (nameof(OrderLine.CustomerId), (w, l, c) => w.WriteAsync(l.CustomerId, NpgsqlDbType.Uuid, c)),
        (nameof(OrderLine.OrderId), (w, l, c) => w.WriteAsync(l.OrderId, NpgsqlDbType.Uuid, c)),
        (nameof(OrderLine.Position), (w, l, c) => w.WriteAsync(l.Position, NpgsqlDbType.Integer, c)),
        (nameof(OrderLine.BuyerLineNumber), (w, l, c) => l.BuyerLineNumber is { } n ? w.WriteAsync(n, NpgsqlDbType.Integer, c) : w.WriteNullAsync(c)),
        (nameof(OrderLine.Sku), (w, l, c) => WriteText(w, l.Sku, c)),
        (nameof(OrderLine.Description), (w, l, c) => WriteText(w, l.Description, c)),
        (nameof(OrderLine.Unit), (w, l, c) => WriteText(w, l.Unit, c)),
        (nameof(OrderLine.BuyerUnit), (w, l, c) => WriteText(w, l.BuyerUnit, c)),
        (nameof(OrderLine.Quantity), (w, l, c) => w.WriteAsync(l.Quantity, NpgsqlDbType.Numeric, c)),
        (nameof(OrderLine.UnitPrice), (w, l, c) => w.WriteAsync(l.UnitPrice, NpgsqlDbType.Numeric, c)),
        (nameof(OrderLine.ListPrice), (w, l, c) => w.WriteAsync(l.ListPrice, NpgsqlDbType.Numeric, c)),
        (nameof(OrderLine.LineTotal), (w, l, c) => w.WriteAsync(l.LineTotal, NpgsqlDbType.Numeric, c)),
        (nameof(OrderLine.PriceSource), (w, l, c) => WriteText(w, l.PriceSource, c)),
        (nameof(OrderLine.ConditionId), (w, l, c) => WriteText(w, l.ConditionId, c)),
        (nameof(OrderLine.CostCenterId), (w, l, c) => l.CostCenterId is { } id ? w.WriteAsync(id, NpgsqlDbType.Uuid, c) : w.WriteNullAsync(c)),
        (nameof(OrderLine.CostCenterCode), (w, l, c) => WriteText(w, l.CostCenterCode, c)),
        (nameof(OrderLine.DeliveryDate), (w, l, c) => l.DeliveryDate is { } d ? w.WriteAsync(d, NpgsqlDbType.Date, c) : w.WriteNullAsync(c)),
        (nameof(OrderLine.Note), (w, l, c) => WriteText(w, l.Note, c)),
        (nameof(OrderLine.ConfirmedQuantity), (w, l, c) => l.ConfirmedQuantity is { } q ? w.WriteAsync(q, NpgsqlDbType.Numeric, c) : w.WriteNullAsync(c)),
        (nameof(OrderLine.ConfirmedUnitPrice), (w, l, c) => l.ConfirmedUnitPrice is { } p ? w.WriteAsync(p, NpgsqlDbType.Numeric, c) : w.WriteNullAsync(c)),
        (nameof(OrderLine.ConfirmedDeliveryDate), (w, l, c) => l.ConfirmedDeliveryDate is { } d ? w.WriteAsync(d, NpgsqlDbType.Date, c) : w.WriteNullAsync(c)),
        (nameof(OrderLine.OrderCreatedAt), (w, l, c) => w.WriteAsync(l.OrderCreatedAt, NpgsqlDbType.TimestampTz, c)),
    ];
}
