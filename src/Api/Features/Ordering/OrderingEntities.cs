using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Api.Features.Accounts;
using Portal.Api.Infrastructure.Tenancy;

namespace Portal.Api.Features.Ordering;

/// <summary>A named, server-side cart of a user.</summary>
public sealed class Cart : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    /// <summary>The owner; null for carts a supplier-side caller keeps for the account.</summary>
    public Guid? UserId { get; set; }

    public required string Name { get; set; }

    public List<CartLine> Lines { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public sealed class CartLine : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid CartId { get; set; }

    public int Position { get; set; }

    public required string Sku { get; set; }

    public decimal Quantity { get; set; }

    public Guid? CostCenterId { get; set; }

    public string? Note { get; set; }

    public DateOnly? DeliveryDate { get; set; }

    public string? CustomerReference { get; set; }
}

public static class OrderStatuses
{
    public const string Submitted = "submitted";
    public const string PendingApproval = "pending-approval";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Confirmed = "confirmed";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { Submitted, PendingApproval, Approved, Rejected, Confirmed, Shipped, Delivered, Cancelled };

    /// <summary>Before the supplier confirms, the buyer may still change or cancel the order.</summary>
    public static bool OpenForBuyer(string status) => status is Submitted or PendingApproval or Approved;

    /// <summary>The lifecycle: which status may follow which.</summary>
    public static bool CanMove(string from, string to) => (from, to) switch
    {
        (Submitted, PendingApproval or Confirmed or Cancelled) => true,
        (PendingApproval, Approved or Rejected or Cancelled) => true,
        (Approved, Confirmed or Cancelled) => true,
        (Confirmed, Shipped or Cancelled) => true,
        (Shipped, Delivered) => true,
        _ => false,
    };
}

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

/// <summary>An ordered price that differs from the quoted or current price.</summary>
public sealed class PriceMismatch
{
    public int Position { get; set; }
    public required string Sku { get; set; }
    public decimal OrderedUnitPrice { get; set; }
    /// <summary>The price the punchout session quoted for this line, when the line references one.</summary>
    public decimal? QuotedUnitPrice { get; set; }
    /// <summary>The account's price when the order arrived.</summary>
    public decimal CurrentUnitPrice { get; set; }
    /// <summary><c>differs-from-quote</c>, <c>not-quoted</c> (no punchout reference; differs from today's price) or <c>currency</c>.</summary>
    public required string Reason { get; set; }
}

/// <summary>The delivery address as it was when the order was placed.</summary>
public sealed class OrderAddress
{
    public Guid? AddressId { get; set; }
    public required string Name { get; set; }
    public string? Department { get; set; }
    public required string Street { get; set; }
    public string? Street2 { get; set; }
    public required string PostalCode { get; set; }
    public required string City { get; set; }
    public string? Region { get; set; }
    public required string Country { get; set; }
}

public sealed class OrderLine : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid OrderId { get; set; }

    public int Position { get; set; }

    public required string Sku { get; set; }

    /// <summary>Product name at ordering.</summary>
    public required string Description { get; set; }

    public required string Unit { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal ListPrice { get; set; }

    public decimal LineTotal { get; set; }

    public required string PriceSource { get; set; }

    public required string ConditionId { get; set; }

    public Guid? CostCenterId { get; set; }

    public string? CostCenterCode { get; set; }

    public DateOnly? DeliveryDate { get; set; }

    public string? Note { get; set; }

    /// <summary>The order's creation time, copied here so that "newest orders with this sku" is one index range.</summary>
    public DateTimeOffset OrderCreatedAt { get; set; }
}

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

/// <summary>An invoice, delivery note or other PDF attached to an order by the ERP.</summary>
public sealed class OrderDocument : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid OrderId { get; set; }

    /// <summary>invoice, delivery-note, order-confirmation or other.</summary>
    public required string Kind { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public required string Sha256 { get; set; }

    public byte[] Content { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

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

/// <summary>Named counters (order numbers).</summary>
public sealed class Counter
{
    public required string Name { get; set; }

    public long Value { get; set; }
}

internal sealed class OrderingConfiguration :
    IEntityTypeConfiguration<Cart>, IEntityTypeConfiguration<CartLine>, IEntityTypeConfiguration<Order>, IEntityTypeConfiguration<OrderLine>,
    IEntityTypeConfiguration<OrderStatusChange>, IEntityTypeConfiguration<OrderDocument>, IEntityTypeConfiguration<OrderEvent>, IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Cart> builder)
    {
        builder.ToTable("carts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.HasIndex(c => new { c.CustomerId, c.UserId });
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CartLine> builder)
    {
        builder.ToTable("cart_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.Quantity).HasPrecision(18, 3);
        builder.Property(l => l.Note).HasMaxLength(500);
        builder.Property(l => l.CustomerReference).HasMaxLength(64);
        builder.HasIndex(l => new { l.CartId, l.Position });
    }

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
        builder.Property(o => o.TrackingNumber).HasMaxLength(100);
        builder.Property(o => o.Carrier).HasMaxLength(100);
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
        builder.HasIndex(o => new { o.CustomerId, o.CustomerReference });
        builder.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("order_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(200);
        builder.Property(l => l.Unit).HasMaxLength(3);
        builder.Property(l => l.Quantity).HasPrecision(18, 3);
        builder.Property(l => l.UnitPrice).HasPrecision(19, 4);
        builder.Property(l => l.ListPrice).HasPrecision(19, 4);
        builder.Property(l => l.LineTotal).HasPrecision(19, 2);
        builder.Property(l => l.PriceSource).HasMaxLength(16);
        builder.Property(l => l.ConditionId).HasMaxLength(100);
        builder.Property(l => l.CostCenterCode).HasMaxLength(64);
        builder.Property(l => l.Note).HasMaxLength(500);
        builder.HasIndex(l => new { l.OrderId, l.Position });
        // Filters by sku and cost center find the orders through their lines.
        builder.HasIndex(l => new { l.CustomerId, l.Sku, l.OrderCreatedAt });
        builder.HasIndex(l => new { l.CustomerId, l.CostCenterId, l.OrderCreatedAt });
    }

    public void Configure(EntityTypeBuilder<OrderStatusChange> builder)
    {
        builder.ToTable("order_status_changes");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.From).HasMaxLength(24);
        builder.Property(h => h.To).HasMaxLength(24);
        builder.Property(h => h.Actor).HasMaxLength(200);
        builder.Property(h => h.Reason).HasMaxLength(1000);
        builder.HasIndex(h => new { h.OrderId, h.At });
    }

    public void Configure(EntityTypeBuilder<OrderDocument> builder)
    {
        builder.ToTable("order_documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Kind).HasMaxLength(32);
        builder.Property(d => d.FileName).HasMaxLength(200);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.HasIndex(d => d.OrderId);
        builder.HasOne<Order>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.ToTable("order_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(32);
        builder.Property(e => e.Status).HasMaxLength(24);
        builder.HasIndex(e => new { e.TxId, e.Id });
    }

    public void Configure(EntityTypeBuilder<Counter> builder)
    {
        builder.ToTable("counters");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(64);
    }
}
