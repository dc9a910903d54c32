namespace Portal.Api.Features.Webhooks;

/// <summary>
/// A subscription of an HTTPS endpoint to event types. A customer administrator's webhook receives its own
/// account's events; a supplier-side webhook receives every account's events, or one account's when it
/// was created with the <c>Portal-Customer</c> header.
/// </summary>
public sealed class Webhook
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The account whose events it receives; null: every account's (supplier-side only).</summary>
    public Guid? CustomerId { get; set; }

    /// <summary>Created by a supplier-side client (the customer's administrators neither see nor change it).</summary>
    public bool SupplierSide { get; set; }

    public required string Url { get; set; }

    public List<string> Events { get; set; } = [];

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The signing secret, <c>whsec_</c> + base64 of 32 random bytes. Needed in clear to sign; never returned after creation, never logged.</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation, still signed with until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Url).HasMaxLength(WebhookService.MaxUrlLength);
        builder.Property(w => w.Description).HasMaxLength(500);
        builder.MaxLength(100, w => w.Secret, w => w.PreviousSecret);
        builder.Property(w => w.CreatedBy).HasMaxLength(200);
        builder.HasIndex(w => w.CustomerId);
    }
}
