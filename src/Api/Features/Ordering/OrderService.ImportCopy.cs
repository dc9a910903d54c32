using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using Portal.Api.Features.Events;

namespace Portal.Api.Features.Ordering;

public sealed partial class OrderService
{
    /// <summary>
    /// Writes the import's pending orders and what SaveChanges would insert with them — their history entry,
    /// feed event and outbox message — with binary COPY, every mapped column as EF Core writes it (the feed
    /// event's id and transaction id are left to the database's defaults, as EF Core leaves them), then
    /// tells the outbox interceptor, so that the dispatcher is signalled when the import commits. Returns false
    /// (the caller saves through EF Core) on SQLite, when anything else is tracked, when an order carries price
    /// mismatches, or when an entity maps a property these lists do not know.
    /// </summary>
    private async Task<bool> CopyImportOrdersAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql() || !CopyableModel(db.Model))
        {
            return false;
        }
        var orders = new List<Order>();
        var history = new List<OrderStatusChange>();
        var events = new List<OrderEvent>();
        var outbox = new List<OutboxMessage>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Unchanged)
            {
                continue; // read, not written (SaveChanges would not write it either)
            }
            if (entry.State != EntityState.Added)
            {
                return false;
            }
            switch (entry.Entity)
            {
                case Order o when o.PriceMismatches.Count == 0 && o.Lines.Count == 0:
                    orders.Add(o);
                    break;
                case OrderStatusChange h:
                    history.Add(h);
                    break;
                case OrderEvent e:
                    events.Add(e);
                    break;
                case OutboxMessage m:
                    outbox.Add(m);
                    break;
                case OrderAddress:
                    break;
                default:
                    return false;
            }
        }
        // The order SaveChanges inserts in: orders before the rows that reference them.
        await CopyAsync(orders, OrderColumns, cancellationToken);
        await CopyAsync(history, HistoryColumns, cancellationToken);
        await CopyAsync(events, EventColumns, cancellationToken);
        await CopyAsync(outbox, OutboxColumns, cancellationToken);
        if (outbox.Count > 0)
        {
            OutboxCommitInterceptor.Written(db);
        }
        db.ChangeTracker.Clear();
        return true;
    }

    private async Task CopyAsync<T>(List<T> rows, (string Property, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> Write)[] columns, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        string Column(string property) => entity.FindProperty(property) is { } p
            ? p.GetColumnName(table)!
            : entity.FindNavigation(property)!.TargetEntityType.GetContainerColumnName()!;
        var names = string.Join(", ", columns.Select(c => Quote(Column(c.Property))));
        var target = (entity.GetSchema() is { } schema ? Quote(schema) + "." : string.Empty) + Quote(table.Name);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {target} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var (_, write) in columns)
            {
                await write(writer, row, cancellationToken);
            }
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>True while every entity the COPY writes maps exactly the properties its list knows (OrderingTests asserts it).</summary>
    internal static bool CopyableModel(IModel model)
    {
        static bool Same(IEntityType? entity, IEnumerable<string> known, params string[] generated) =>
            entity is not null
            && entity.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal)
                .SequenceEqual(known.Concat(generated).Order(StringComparer.Ordinal));
        var order = model.FindEntityType(typeof(Order));
        var address = order?.FindNavigation(nameof(Order.DeliveryAddress))?.TargetEntityType;
        var mismatches = order?.FindNavigation(nameof(Order.PriceMismatches))?.TargetEntityType;
        return Same(order, OrderColumns.Select(c => c.Property).Except([nameof(Order.DeliveryAddress), nameof(Order.PriceMismatches)]))
            && order!.GetNavigations().Select(n => n.Name).Order(StringComparer.Ordinal)
                .SequenceEqual(new[] { nameof(Order.DeliveryAddress), nameof(Order.History), nameof(Order.Lines), nameof(Order.PriceMismatches) }.Order(StringComparer.Ordinal))
            && address is not null && address.IsMappedToJson() && mismatches is not null && mismatches.IsMappedToJson()
            && address.GetProperties().Where(p => !p.IsShadowProperty()).Select(p => p.Name).Order(StringComparer.Ordinal)
                .SequenceEqual(AddressProperties.Select(p => p.Name).Order(StringComparer.Ordinal))
            && Same(model.FindEntityType(typeof(OrderStatusChange)), HistoryColumns.Select(c => c.Property))
            && Same(model.FindEntityType(typeof(OrderEvent)), EventColumns.Select(c => c.Property), nameof(OrderEvent.Id), nameof(OrderEvent.TxId))
            && Same(model.FindEntityType(typeof(OutboxMessage)), OutboxColumns.Select(c => c.Property));
    }

    private static Task WriteChar(NpgsqlBinaryImporter w, string? value, CancellationToken c) =>
        value is null ? w.WriteNullAsync(c) : w.WriteAsync(value, NpgsqlDbType.Char, c);

    private static Task WriteUuid(NpgsqlBinaryImporter w, Guid? value, CancellationToken c) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Uuid, c) : w.WriteNullAsync(c);

    private static Task WriteTime(NpgsqlBinaryImporter w, DateTimeOffset? value, CancellationToken c) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.TimestampTz, c) : w.WriteNullAsync(c);

    private static readonly System.Reflection.PropertyInfo[] AddressProperties = typeof(OrderAddress).GetProperties();

    /// <summary>The owned delivery address as EF Core's JSON column holds it (null when the order has none).</summary>
    private static Task WriteAddress(NpgsqlBinaryImporter w, OrderAddress? a, CancellationToken c)
    {
        if (a is null)
        {
            return w.WriteNullAsync(c);
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteJson(json, nameof(OrderAddress.AddressId), a.AddressId);
            WriteJson(json, nameof(OrderAddress.City), a.City);
            WriteJson(json, nameof(OrderAddress.Country), a.Country);
            WriteJson(json, nameof(OrderAddress.Department), a.Department);
            WriteJson(json, nameof(OrderAddress.Name), a.Name);
            WriteJson(json, nameof(OrderAddress.PostalCode), a.PostalCode);
            WriteJson(json, nameof(OrderAddress.Region), a.Region);
            WriteJson(json, nameof(OrderAddress.Street), a.Street);
            WriteJson(json, nameof(OrderAddress.Street2), a.Street2);
            json.WriteEndObject();
        }
        return w.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), NpgsqlDbType.Jsonb, c);
    }

    private static void WriteJson(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteJson(Utf8JsonWriter json, string name, Guid? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Every mapped column of <see cref="Order"/> (the owned JSON values by their navigation) and how COPY writes it.</summary>
    private static readonly (string Property, Func<NpgsqlBinaryImporter, Order, CancellationToken, Task> Write)[] OrderColumns =
    [
        (nameof(Order.Id), (w, o, c) => w.WriteAsync(o.Id, NpgsqlDbType.Uuid, c)),
        (nameof(Order.CustomerId), (w, o, c) => w.WriteAsync(o.CustomerId, NpgsqlDbType.Uuid, c)),
        (nameof(Order.Number), (w, o, c) => WriteText(w, o.Number, c)),
        (nameof(Order.RequesterId), (w, o, c) => WriteUuid(w, o.RequesterId, c)),
        (nameof(Order.OrgUnitId), (w, o, c) => WriteUuid(w, o.OrgUnitId, c)),
        (nameof(Order.CustomerReference), (w, o, c) => WriteText(w, o.CustomerReference, c)),
        (nameof(Order.Status), (w, o, c) => WriteText(w, o.Status, c)),
        (nameof(Order.Currency), (w, o, c) => WriteChar(w, o.Currency, c)),
        (nameof(Order.Total), (w, o, c) => w.WriteAsync(o.Total, NpgsqlDbType.Numeric, c)),
        (nameof(Order.Source), (w, o, c) => WriteText(w, o.Source, c)),
        (nameof(Order.Note), (w, o, c) => WriteText(w, o.Note, c)),
        (nameof(Order.Channel), (w, o, c) => WriteText(w, o.Channel, c)),
        (nameof(Order.PersonalDataErasedAt), (w, o, c) => WriteTime(w, o.PersonalDataErasedAt, c)),
        (nameof(Order.DeliveryAddress), (w, o, c) => WriteAddress(w, o.DeliveryAddress, c)),
        (nameof(Order.PriceMismatches), (w, o, c) => w.WriteAsync("[]", NpgsqlDbType.Jsonb, c)),
        (nameof(Order.TrackingNumber), (w, o, c) => WriteText(w, o.TrackingNumber, c)),
        (nameof(Order.Carrier), (w, o, c) => WriteText(w, o.Carrier, c)),
        (nameof(Order.CreatedAt), (w, o, c) => w.WriteAsync(o.CreatedAt, NpgsqlDbType.TimestampTz, c)),
        (nameof(Order.UpdatedAt), (w, o, c) => w.WriteAsync(o.UpdatedAt, NpgsqlDbType.TimestampTz, c)),
        (nameof(Order.Version), (w, o, c) => w.WriteAsync(o.Version, NpgsqlDbType.Integer, c)),
    ];

    private static readonly (string Property, Func<NpgsqlBinaryImporter, OrderStatusChange, CancellationToken, Task> Write)[] HistoryColumns =
    [
        (nameof(OrderStatusChange.Id), (w, h, c) => w.WriteAsync(h.Id, NpgsqlDbType.Uuid, c)),
        (nameof(OrderStatusChange.CustomerId), (w, h, c) => w.WriteAsync(h.CustomerId, NpgsqlDbType.Uuid, c)),
        (nameof(OrderStatusChange.OrderId), (w, h, c) => w.WriteAsync(h.OrderId, NpgsqlDbType.Uuid, c)),
        (nameof(OrderStatusChange.From), (w, h, c) => WriteText(w, h.From, c)),
        (nameof(OrderStatusChange.To), (w, h, c) => WriteText(w, h.To, c)),
        (nameof(OrderStatusChange.At), (w, h, c) => w.WriteAsync(h.At, NpgsqlDbType.TimestampTz, c)),
        (nameof(OrderStatusChange.Actor), (w, h, c) => WriteText(w, h.Actor, c)),
        (nameof(OrderStatusChange.Reason), (w, h, c) => WriteText(w, h.Reason, c)),
    ];

    /// <summary>The feed event's id (identity) and transaction id (default) are the database's, as with EF Core.</summary>
    private static readonly (string Property, Func<NpgsqlBinaryImporter, OrderEvent, CancellationToken, Task> Write)[] EventColumns =
    [
        (nameof(OrderEvent.OrderId), (w, e, c) => w.WriteAsync(e.OrderId, NpgsqlDbType.Uuid, c)),
        (nameof(OrderEvent.CustomerId), (w, e, c) => w.WriteAsync(e.CustomerId, NpgsqlDbType.Uuid, c)),
        (nameof(OrderEvent.Type), (w, e, c) => WriteText(w, e.Type, c)),
        (nameof(OrderEvent.Status), (w, e, c) => WriteText(w, e.Status, c)),
        (nameof(OrderEvent.At), (w, e, c) => w.WriteAsync(e.At, NpgsqlDbType.TimestampTz, c)),
    ];

    private static readonly (string Property, Func<NpgsqlBinaryImporter, OutboxMessage, CancellationToken, Task> Write)[] OutboxColumns =
    [
        (nameof(OutboxMessage.Id), (w, m, c) => w.WriteAsync(m.Id, NpgsqlDbType.Uuid, c)),
        (nameof(OutboxMessage.Type), (w, m, c) => WriteText(w, m.Type, c)),
        (nameof(OutboxMessage.CustomerId), (w, m, c) => WriteUuid(w, m.CustomerId, c)),
        (nameof(OutboxMessage.OccurredAt), (w, m, c) => w.WriteAsync(m.OccurredAt, NpgsqlDbType.TimestampTz, c)),
        (nameof(OutboxMessage.Body), (w, m, c) => WriteText(w, m.Body, c)),
        (nameof(OutboxMessage.DispatchedAt), (w, m, c) => WriteTime(w, m.DispatchedAt, c)),
        (nameof(OutboxMessage.MailedAt), (w, m, c) => WriteTime(w, m.MailedAt, c)),
    ];
}
