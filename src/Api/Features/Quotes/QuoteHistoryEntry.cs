namespace Portal.Api.Features.Quotes;

/// <summary>One step of a quote's life: which transition, by whom, when, and why.</summary>
public sealed class QuoteHistoryEntry : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid QuoteId { get; set; }

    /// <summary>requested, claimed, updated, sent, revision-requested, accepted, declined, expired, withdrawn.</summary>
    public required string Action { get; set; }

    public string? From { get; set; }

    public required string To { get; set; }

    /// <summary>The offer version the step concerns (sent, accepted), if any.</summary>
    public int? QuoteVersion { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }

    public string? Comment { get; set; }

    public Guid? OrderId { get; set; }
}

internal sealed class QuoteHistoryEntryConfiguration : IEntityTypeConfiguration<QuoteHistoryEntry>
{
    public void Configure(EntityTypeBuilder<QuoteHistoryEntry> builder)
    {
        builder.ToTable("quote_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Action).HasMaxLength(32);
        builder.Property(h => h.From).HasMaxLength(16);
        builder.Property(h => h.To).HasMaxLength(16);
        builder.Property(h => h.Actor).HasMaxLength(200);
        builder.Property(h => h.Comment).HasMaxLength(QuoteLimits.MaxText);
        builder.HasIndex(h => new { h.QuoteId, h.At });
        builder.HasOne<Quote>().WithMany().HasForeignKey(h => h.QuoteId).OnDelete(DeleteBehavior.Cascade);
    }
}
