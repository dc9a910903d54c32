namespace Portal.Api.Features.Events;

/// <summary>
/// A domain event in the transactional outbox. It is added to the same <see cref="PortalDbContext"/> and
/// saved by the same SaveChanges as the change that causes it, so the event exists exactly when the change
/// does. The dispatcher fans it out to webhook deliveries once and composes its e-mails once, in two lanes that
/// do not wait for each other (ADR 0009).
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The event type (<see cref="EventTypes"/>), e.g. <c>order.submitted</c>.</summary>
    public required string Type { get; set; }

    /// <summary>The customer account the event belongs to; null for supplier-wide events (price conditions).</summary>
    public Guid? CustomerId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The complete JSON body sent to webhooks: <c>{ id, type, timestamp, customerId, data }</c>.</summary>
    public required string Body { get; set; }

    /// <summary>When the dispatcher turned the event into webhook deliveries; null while waiting.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>When the dispatcher composed the mails the event causes (none is a valid outcome); null while waiting.</summary>
    public DateTimeOffset? MailedAt { get; set; }

    /// <summary>The event id integrators see (<c>evt_...</c>); also the <c>webhook-id</c> header.</summary>
    public string EventId => FormatId(Id);

    public static string FormatId(Guid id) => "evt_" + id.ToString("N");

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A new event with its body; add it to the context that saves the change.</summary>
    public static OutboxMessage Create<TData>(string type, Guid? customerId, DateTimeOffset at, TData data)
    {
        var message = new OutboxMessage { Type = type, CustomerId = customerId, OccurredAt = at, Body = string.Empty };
        message.Body = JsonSerializer.Serialize(new EventEnvelope<TData>(message.EventId, type, at, customerId, data), Json);
        return message;
    }
}

/// <summary>The body of every webhook delivery (docs/events.md).</summary>
public sealed record EventEnvelope<TData>(string Id, string Type, DateTimeOffset Timestamp, Guid? CustomerId, TData Data);

public static class OutboxExtensions
{
    /// <summary>Records a domain event in the outbox; it commits with whatever the context saves next.</summary>
    public static OutboxMessage AddEvent<TData>(this PortalDbContext db, string type, Guid? customerId, DateTimeOffset at, TData data)
    {
        var message = OutboxMessage.Create(type, customerId, at, data);
        db.OutboxMessages.Add(message);
        return message;
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Ignore(m => m.EventId);
        builder.Property(m => m.Type).HasMaxLength(64);
        // The dispatcher's queues: events not fanned out to webhooks, and events whose mails are not composed, oldest first.
        builder.HasIndex(m => new { m.DispatchedAt, m.OccurredAt });
        builder.HasIndex(m => new { m.MailedAt, m.OccurredAt });
    }
}
