namespace Portal.Api.Features.Ordering;

/// <summary>
/// One entry of the order feed. <see cref="TxId"/> is the writing transaction's id (PostgreSQL
/// <c>pg_current_xact_id()</c>); the feed serves an entry only once every older transaction has ended, so a
/// poller's cursor (TxId, Id) never passes an entry that commits later.
/// </summary>
public sealed class OrderEvent
{
    public long Id { get; set; }

    public long TxId { get; set; }

    public Guid OrderId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>created or status-changed.</summary>
    public required string Type { get; set; }

    public required string Status { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.ToTable("order_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(32);
        builder.Property(e => e.Status).HasMaxLength(24);
        builder.HasIndex(e => new { e.TxId, e.Id });
    }
}
