namespace Portal.Api.Features.Ordering;

public sealed class OrderLine : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid OrderId { get; set; }

    public int Position { get; set; }

    /// <summary>
    /// The line's number in the buyer's purchase order (cXML <c>ItemOut@lineNumber</c>, e.g. 10, 20, 30 from SAP), which
    /// the documents sent back (ConfirmationRequest, ShipNoticeRequest, InvoiceDetailRequest) must name; null for other channels.
    /// </summary>
    public int? BuyerLineNumber { get; set; }

    public required string Sku { get; set; }

    /// <summary>Product name at ordering.</summary>
    public required string Description { get; set; }

    public required string Unit { get; set; }

    /// <summary>
    /// The unit of measure the buyer's purchase order named (cXML <c>ItemDetail/UnitOfMeasure</c>, as sent), which the
    /// documents sent back repeat; null for other channels. It may differ from <see cref="Unit"/>, the product's.
    /// </summary>
    public string? BuyerUnit { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal ListPrice { get; set; }

    public decimal LineTotal { get; set; }

    public required string PriceSource { get; set; }

    public required string ConditionId { get; set; }

    public Guid? CostCenterId { get; set; }

    public string? CostCenterCode { get; set; }

    public DateOnly? DeliveryDate { get; set; }

    /// <summary>The quantity the supplier confirmed (0: the line is rejected); null until the order is confirmed.</summary>
    public decimal? ConfirmedQuantity { get; set; }

    /// <summary>The unit price the supplier confirmed; null until the order is confirmed.</summary>
    public decimal? ConfirmedUnitPrice { get; set; }

    /// <summary>The delivery date the supplier confirmed, if it named one.</summary>
    public DateOnly? ConfirmedDeliveryDate { get; set; }

    public string? Note { get; set; }

    /// <summary>The order's creation time, copied here so that "newest orders with this sku" is one index range.</summary>
    public DateTimeOffset OrderCreatedAt { get; set; }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("order_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(200);
        builder.Property(l => l.Unit).HasMaxLength(3);
        builder.Property(l => l.BuyerUnit).HasMaxLength(OrderLineLimits.BuyerUnit);
        builder.Property(l => l.Quantity).HasPrecision(18, 3);
        builder.Property(l => l.UnitPrice).HasPrecision(19, 4);
        builder.Property(l => l.ListPrice).HasPrecision(19, 4);
        builder.Property(l => l.LineTotal).HasPrecision(19, 2);
        builder.Property(l => l.ConfirmedQuantity).HasPrecision(18, 3);
        builder.Property(l => l.ConfirmedUnitPrice).HasPrecision(19, 4);
        builder.Property(l => l.PriceSource).HasMaxLength(16);
        builder.Property(l => l.ConditionId).HasMaxLength(100);
        builder.Property(l => l.CostCenterCode).HasMaxLength(64);
        builder.Property(l => l.Note).HasMaxLength(500);
        builder.HasIndex(l => new { l.OrderId, l.Position });
        // Filters by sku and cost center find the orders through their lines.
        builder.HasIndex(l => new { l.CustomerId, l.Sku, l.OrderCreatedAt });
        builder.HasIndex(l => new { l.CustomerId, l.CostCenterId, l.OrderCreatedAt });
    }
}

internal static class OrderLineLimits
{
    /// <summary>The longest unit of measure kept from a purchase order (UN/CEFACT codes have 1 to 3 characters; buyers' own names such as EACH are longer).</summary>
    public const int BuyerUnit = 16;
}
