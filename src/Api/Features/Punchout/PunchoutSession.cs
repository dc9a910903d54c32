using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// A punchout session: created by a PunchOutSetupRequest, entered once through its StartPage URL, then
/// followed by a browser cookie until the cart is transferred back. Only hashes of the two tokens are kept.
/// </summary>
public sealed class PunchoutSession : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>How the session came: <c>cxml</c> or <c>oci</c> (<see cref="Portal.Punchout.Sessions.PunchoutProtocols"/>); picks the cart transfer.</summary>
    public string Protocol { get; set; } = Portal.Punchout.Sessions.PunchoutProtocols.Cxml;

    /// <summary>OCI: the frame the cart is posted into (<c>~TARGET</c>).</summary>
    public string? OciTarget { get; set; }

    /// <summary>OCI: the charset the cart goes back in.</summary>
    public string? OciCharset { get; set; }

    /// <summary>create, edit or inspect.</summary>
    public required string Operation { get; set; }

    public required string BuyerCookie { get; set; }

    public required string ReturnUrl { get; set; }

    public required string FormEncoding { get; set; }

    public required string SetupPayloadId { get; set; }

    /// <summary>The buyer's and the supplier's credentials from the set-up header, mirrored in the cart message.</summary>
    public required string BuyerDomain { get; set; }
    public required string BuyerIdentity { get; set; }
    public string? SupplierDomain { get; set; }
    public string? SupplierIdentity { get; set; }

    /// <summary>SHA-256 of the single-use StartPage token.</summary>
    public required string StartTokenHash { get; set; }

    public DateTimeOffset StartExpiresAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>SHA-256 of the browser cookie issued when the StartPage was used.</summary>
    public string? BrowserTokenHash { get; set; }

    /// <summary>Echoed by every form of the session's pages (cross-site request forgery guard).</summary>
    public required string FormToken { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>pending (StartPage not used yet), open, transferred, cancelled.</summary>
    public required string Status { get; set; }

    /// <summary>Lines of an edit/inspect cart that could not be taken over (unknown or unavailable products).</summary>
    public int DroppedLines { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? TransferredAt { get; set; }

    public List<PunchoutSessionLine> Lines { get; set; } = [];

    /// <summary>Optimistic concurrency: two tabs changing the cart at once do not lose a line silently.</summary>
    public int Version { get; set; } = 1;
}

internal sealed class PunchoutSessionConfiguration : IEntityTypeConfiguration<PunchoutSession>
{
    public void Configure(EntityTypeBuilder<PunchoutSession> builder)
    {
        builder.ToTable("punchout_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Operation).HasMaxLength(16);
        builder.Property(s => s.Protocol).HasMaxLength(8).HasDefaultValue(Portal.Punchout.Sessions.PunchoutProtocols.Cxml);
        builder.Property(s => s.OciTarget).HasMaxLength(40);
        builder.Property(s => s.OciCharset).HasMaxLength(40);
        builder.MaxLength(2000, s => s.BuyerCookie, s => s.ReturnUrl);
        builder.Property(s => s.FormEncoding).HasMaxLength(24);
        builder.Property(s => s.SetupPayloadId).HasMaxLength(250);
        builder.MaxLength(100, s => s.BuyerDomain, s => s.SupplierDomain);
        builder.MaxLength(200, s => s.BuyerIdentity, s => s.SupplierIdentity);
        builder.Property(s => s.StartTokenHash).HasMaxLength(64);
        builder.HasIndex(s => s.StartTokenHash).IsUnique();
        builder.Property(s => s.BrowserTokenHash).HasMaxLength(64);
        builder.HasIndex(s => s.BrowserTokenHash).IsUnique();
        builder.Property(s => s.FormToken).HasMaxLength(64);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.ExpiresAt);
        builder.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
