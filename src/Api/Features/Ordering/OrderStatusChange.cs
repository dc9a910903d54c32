namespace Portal.Api.Features.Ordering;

/// <summary>One step of an order's life: when, who, why.</summary>
public sealed class OrderStatusChange : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid OrderId { get; set; }

    public string? From { get; set; }

    public required string To { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The API client (and user) that made the change.</summary>
    public required string Actor { get; set; }

    public string? Reason { get; set; }
}

internal sealed class OrderStatusChangeConfiguration : IEntityTypeConfiguration<OrderStatusChange>
{
    public void Configure(EntityTypeBuilder<OrderStatusChange> builder)
    {
        builder.ToTable("order_status_changes");
        builder.HasKey(h => h.Id);
        builder.MaxLength(24, h => h.From, h => h.To);
        builder.Property(h => h.Actor).HasMaxLength(200);
        builder.Property(h => h.Reason).HasMaxLength(1000);
        builder.HasIndex(h => new { h.OrderId, h.At });
    }
}
