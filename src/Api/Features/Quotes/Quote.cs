using Portal.Api.Features.Accounts;
using Portal.Api.Features.Approvals;

namespace Portal.Api.Features.Quotes;

/// <summary>
/// A quote: the customer's request, the sales desk's working draft and the state of the lifecycle. Sent
/// offers are <see cref="QuoteVersion"/>s (immutable); every transition is a <see cref="QuoteHistoryEntry"/>.
/// </summary>
public sealed class Quote : ICustomerScoped, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    /// <summary>QT-00000001: ascending with creation (the sales queue's order).</summary>
    public required string Number { get; set; }

    public string Status { get; set; } = QuoteStatuses.Requested;

    public Guid? RequesterId { get; set; }

    /// <summary>The requester's org unit: approvers and administrators there or above see the quote.</summary>
    public Guid? OrgUnitId { get; set; }

    public required string Currency { get; set; }

    public string? Message { get; set; }

    public DateOnly? RequestedDeliveryDate { get; set; }

    public Guid? CartId { get; set; }

    public List<QuoteRequestedLine> RequestedLines { get; set; } = [];

    /// <summary>What the requested lines are worth at the account's prices when asked (the sales queue filters by it).</summary>
    public decimal RequestedValue { get; set; }

    /// <summary>The sales desk client (and user) working on it.</summary>
    public string? ClaimedBy { get; set; }

    public List<QuoteOfferLine> DraftLines { get; set; } = [];

    public DateTimeOffset? DraftValidUntil { get; set; }

    public string? DraftNote { get; set; }

    /// <summary>The number of the latest sent version; 0 before the first offer.</summary>
    public int LatestVersion { get; set; }

    /// <summary>The latest sent version's validity, kept here for the expiry job's index.</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    /// <summary>The latest sent version's total.</summary>
    public decimal? Total { get; set; }

    public int? AcceptedVersion { get; set; }

    public Guid? OrderId { get; set; }

    public string? DeclineReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> builder)
    {
        builder.ToTable("quotes");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Number).HasMaxLength(32);
        builder.HasIndex(q => q.Number).IsUnique();
        builder.Property(q => q.Status).HasMaxLength(16);
        builder.Property(q => q.Currency).HasMaxLength(3);
        builder.Property(q => q.Message).HasMaxLength(QuoteLimits.MaxText);
        builder.Property(q => q.ClaimedBy).HasMaxLength(200);
        builder.Property(q => q.DraftNote).HasMaxLength(QuoteLimits.MaxText);
        builder.Property(q => q.DeclineReason).HasMaxLength(QuoteLimits.MaxText);
        builder.Property(q => q.RequestedValue).HasPrecision(19, 2);
        builder.Property(q => q.Total).HasPrecision(19, 2);
        builder.Property(q => q.RequestedLines).AsJson();
        builder.Property(q => q.DraftLines).AsJson();
        builder.HasIndex(q => new { q.CustomerId, q.Status, q.Number });
        builder.HasIndex(q => new { q.Status, q.Number });
        builder.HasIndex(q => new { q.Status, q.ValidUntil });
        builder.HasOne<Customer>().WithMany().HasForeignKey(q => q.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
