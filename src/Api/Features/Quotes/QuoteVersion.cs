using Portal.Api.Features.Approvals;

namespace Portal.Api.Features.Quotes;

/// <summary>A sent offer: version n of a quote, never changed after it was sent.</summary>
public sealed class QuoteVersion : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid QuoteId { get; set; }

    public int Number { get; set; }

    public required string Currency { get; set; }

    public List<QuoteOfferLine> Lines { get; set; } = [];

    public decimal Total { get; set; }

    public decimal ListTotal { get; set; }

    public decimal Saving { get; set; }

    public DateTimeOffset ValidUntil { get; set; }

    public string? Note { get; set; }

    public required string SentBy { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

internal sealed class QuoteVersionConfiguration : IEntityTypeConfiguration<QuoteVersion>
{
    public void Configure(EntityTypeBuilder<QuoteVersion> builder)
    {
        builder.ToTable("quote_versions");
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => new { v.QuoteId, v.Number }).IsUnique();
        builder.Property(v => v.Currency).HasMaxLength(3);
        builder.Property(v => v.Total).HasPrecision(19, 2);
        builder.Property(v => v.ListTotal).HasPrecision(19, 2);
        builder.Property(v => v.Saving).HasPrecision(19, 2);
        builder.Property(v => v.Note).HasMaxLength(QuoteLimits.MaxText);
        builder.Property(v => v.SentBy).HasMaxLength(200);
        builder.Property(v => v.Lines).AsJson();
        builder.HasOne<Quote>().WithMany().HasForeignKey(v => v.QuoteId).OnDelete(DeleteBehavior.Cascade);
    }
}
