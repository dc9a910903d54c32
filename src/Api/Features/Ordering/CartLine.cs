namespace Portal.Api.Features.Ordering;

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

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
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
}
