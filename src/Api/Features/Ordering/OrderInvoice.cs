using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Ordering;

/// <summary>An invoice the ERP issued for (part of) an order: <c>POST /api/v1/orders/{id}/invoices</c>. Amounts in minor units.</summary>
public sealed class OrderInvoice : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid OrderId { get; set; }

    /// <summary>The ERP's invoice number; unique per account.</summary>
    public required string Number { get; set; }

    public DateOnly Date { get; set; }

    public required string Currency { get; set; }

    public List<OrderInvoiceLine> Lines { get; set; } = [];

    public decimal Subtotal { get; set; }

    public decimal Shipping { get; set; }

    public decimal Tax { get; set; }

    public decimal Total { get; set; }

    /// <summary>SHA-256 of the request as given (number, date, lines, shipping, tax): the same number with other content is a 409.</summary>
    public required string ContentHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An invoiced quantity of an order line (by its position) at the line's confirmed price.</summary>
public sealed class OrderInvoiceLine
{
    public int LineNumber { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal Amount { get; set; }
}

internal sealed class OrderInvoiceConfiguration : IEntityTypeConfiguration<OrderInvoice>
{
    public void Configure(EntityTypeBuilder<OrderInvoice> builder)
    {
        builder.ToTable("order_invoices");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Number).HasMaxLength(64);
        builder.HasIndex(i => new { i.CustomerId, i.Number }).IsUnique();
        builder.HasIndex(i => i.OrderId);
        builder.Property(i => i.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(i => i.ContentHash).HasMaxLength(64);
        builder.Property(i => i.Subtotal).HasPrecision(19, 4);
        builder.Property(i => i.Shipping).HasPrecision(19, 4);
        builder.Property(i => i.Tax).HasPrecision(19, 4);
        builder.Property(i => i.Total).HasPrecision(19, 4);
        builder.OwnsMany(i => i.Lines, l =>
        {
            l.ToJson("lines");
            l.Property(x => x.Quantity).HasPrecision(19, 4);
            l.Property(x => x.UnitPrice).HasPrecision(19, 4);
            l.Property(x => x.Amount).HasPrecision(19, 4);
        });
        builder.HasOne<Order>().WithMany().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
