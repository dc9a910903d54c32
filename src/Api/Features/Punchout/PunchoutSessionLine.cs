namespace Portal.Api.Features.Punchout;

/// <summary>A line of a punchout cart. Its id is the SupplierPartAuxiliaryID, so an OrderRequest can be checked against the quote.</summary>
public sealed class PunchoutSessionLine : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid SessionId { get; set; }

    public int Position { get; set; }

    public required string Sku { get; set; }

    public decimal Quantity { get; set; }

    /// <summary>The unit price sent back to the buyer at transfer.</summary>
    public decimal? QuotedUnitPrice { get; set; }

    public string? QuotedCurrency { get; set; }
}

internal sealed class PunchoutSessionLineConfiguration : IEntityTypeConfiguration<PunchoutSessionLine>
{
    public void Configure(EntityTypeBuilder<PunchoutSessionLine> builder)
    {
        builder.ToTable("punchout_session_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.Quantity).HasPrecision(18, 3);
        builder.Property(l => l.QuotedUnitPrice).HasPrecision(19, 4);
        builder.Property(l => l.QuotedCurrency).HasMaxLength(3).IsFixedLength();
        builder.HasIndex(l => new { l.SessionId, l.Position });
    }
}
