using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Ordering;

/// <summary>A placed order: prices, descriptions, cost centers and the address are fixed at ordering (a snapshot).</summary>
public sealed class Order : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    /// <summary>The supplier's order number, e.g. SO-2026-0000123.</summary>
    public required string Number { get; set; }

    public Guid? RequesterId { get; set; }

    public Guid? OrgUnitId { get; set; }

    /// <summary>The customer's purchase-order number.</summary>
    public string? CustomerReference { get; set; }

    public required string Status { get; set; }

    public required string Currency { get; set; }

    public decimal Total { get; set; }

    /// <summary>api, csv, reorder, cxml.</summary>
    public required string Source { get; set; }

    public string? Note { get; set; }

    /// <summary>
    /// Who placed the order through which way (<see cref="OrderChannels"/>): the self-service rate counts every
    /// channel but <c>sales-assisted</c>. Orders placed before issue #22 are <c>api</c>.
    /// </summary>
    public string Channel { get; set; } = OrderChannels.Api;

    /// <summary>When the retention job replaced the people in the order (names, notes, attn lines) by pseudonyms; null before.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }

    public OrderAddress? DeliveryAddress { get; set; }

    public string? TrackingNumber { get; set; }

    public string? Carrier { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    public List<OrderStatusChange> History { get; set; } = [];

    /// <summary>
    /// Lines whose ordered price differs from what Portal quoted (a punchout cart) or would charge today:
    /// purchase orders from procurement systems carry their own prices, which are kept and flagged here.
    /// </summary>
    public List<PriceMismatch> PriceMismatches { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Optimistic concurrency for status changes.</summary>
    public int Version { get; set; } = 1;
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Number).HasMaxLength(32);
        builder.HasIndex(o => o.Number).IsUnique();
        builder.Property(o => o.CustomerReference).HasMaxLength(64);
        builder.Property(o => o.Status).HasMaxLength(24);
        builder.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.Total).HasPrecision(19, 2);
        builder.Property(o => o.Source).HasMaxLength(16);
        builder.Property(o => o.Note).HasMaxLength(1000);
        builder.Property(o => o.Channel).HasMaxLength(24).HasDefaultValue(OrderChannels.Api);
        builder.HasIndex(o => new { o.CreatedAt, o.Channel });
        builder.MaxLength(100, o => o.TrackingNumber, o => o.Carrier);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.OwnsOne(o => o.DeliveryAddress, a => a.ToJson("delivery_address"));
        builder.OwnsMany(o => o.PriceMismatches, m =>
        {
            m.ToJson("price_mismatches");
            m.Property(x => x.OrderedUnitPrice).HasPrecision(19, 4);
            m.Property(x => x.QuotedUnitPrice).HasPrecision(19, 4);
            m.Property(x => x.CurrentUnitPrice).HasPrecision(19, 4);
        });
        // History newest first per account, and the filters that narrow it.
        builder.HasIndex(o => new { o.CustomerId, o.CreatedAt, o.Number });
        builder.HasIndex(o => new { o.CustomerId, o.Status, o.CreatedAt });
        builder.HasIndex(o => new { o.CustomerId, o.RequesterId, o.CreatedAt });
        builder.HasIndex(o => new { o.CustomerId, o.OrgUnitId, o.CreatedAt });
        builder.HasIndex(o => new { o.CustomerId, o.CustomerReference });
        builder.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
