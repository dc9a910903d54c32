using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Api.Features.Accounts;
using Portal.Api.Infrastructure.Concurrency;
using Portal.Api.Infrastructure.Tenancy;

namespace Portal.Api.Features.Punchout;

/// <summary>An account's punchout set-up: who may call, with which secret, and where carts may go back to.</summary>
public sealed class PunchoutAccount : IVersioned
{
    /// <summary>Bumped by every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; set; } = 1;

    public Guid CustomerId { get; set; }

    /// <summary>PBKDF2 hash of the cXML shared secret (never the secret itself).</summary>
    public required string SharedSecretHash { get; set; }

    /// <summary>BrowserFormPost URLs must start with one of these (scheme, host and port equal; path prefix).</summary>
    public List<string> AllowedReturnUrls { get; set; } = [];

    /// <summary>Create a requester on first punchout of an unknown e-mail address.</summary>
    public bool AutoCreateUsers { get; set; }

    /// <summary>The org unit new users land in (default: the account's root).</summary>
    public Guid? DefaultOrgUnitId { get; set; }

    /// <summary><c>cxml-base64</c> (default) or <c>cxml-urlencoded</c>: the form field the cart goes back in.</summary>
    public string FormEncoding { get; set; } = PunchoutFormEncodings.Base64;

    public List<PunchoutCredential> Credentials { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class PunchoutFormEncodings
{
    public const string Base64 = "cxml-base64";
    public const string UrlEncoded = "cxml-urlencoded";
}

/// <summary>A From/Sender credential (domain + identity) that identifies the account. Stored lower-cased.</summary>
public sealed class PunchoutCredential
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public required string Domain { get; set; }

    public required string Identity { get; set; }
}

/// <summary>
/// A punchout session: created by a PunchOutSetupRequest, entered once through its StartPage URL, then
/// followed by a browser cookie until the cart is transferred back. Only hashes of the two tokens are kept.
/// </summary>
public sealed class PunchoutSession : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid UserId { get; set; }

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

public static class PunchoutSessionStatuses
{
    public const string Pending = "pending";
    public const string Open = "open";
    public const string Transferred = "transferred";
    public const string Cancelled = "cancelled";
}

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

/// <summary>A cXML OrderRequest that was taken: the key to answering re-sent documents without acting twice.</summary>
public sealed class CxmlOrderReceipt : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public required string PayloadId { get; set; }

    /// <summary>OrderRequestHeader@orderID: the buyer's purchase-order number.</summary>
    public required string BuyerOrderId { get; set; }

    public int OrderVersion { get; set; }

    /// <summary>new, update or delete.</summary>
    public required string Type { get; set; }

    public Guid OrderId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class PunchoutConfiguration :
    IEntityTypeConfiguration<PunchoutAccount>, IEntityTypeConfiguration<PunchoutCredential>, IEntityTypeConfiguration<PunchoutSession>,
    IEntityTypeConfiguration<PunchoutSessionLine>, IEntityTypeConfiguration<CxmlOrderReceipt>
{
    public void Configure(EntityTypeBuilder<PunchoutAccount> builder)
    {
        builder.ToTable("punchout_accounts");
        builder.HasKey(a => a.CustomerId);
        builder.Property(a => a.SharedSecretHash).HasMaxLength(200);
        builder.Property(a => a.FormEncoding).HasMaxLength(24);
        builder.PrimitiveCollection(a => a.AllowedReturnUrls);
        builder.HasOne<Customer>().WithOne().HasForeignKey<PunchoutAccount>(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Credentials).WithOne().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PunchoutCredential> builder)
    {
        builder.ToTable("punchout_credentials");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Domain).HasMaxLength(100);
        builder.Property(c => c.Identity).HasMaxLength(200);
        // One credential identifies one account.
        builder.HasIndex(c => new { c.Domain, c.Identity }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<PunchoutSession> builder)
    {
        builder.ToTable("punchout_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Operation).HasMaxLength(16);
        builder.Property(s => s.BuyerCookie).HasMaxLength(2000);
        builder.Property(s => s.ReturnUrl).HasMaxLength(2000);
        builder.Property(s => s.FormEncoding).HasMaxLength(24);
        builder.Property(s => s.SetupPayloadId).HasMaxLength(250);
        builder.Property(s => s.BuyerDomain).HasMaxLength(100);
        builder.Property(s => s.BuyerIdentity).HasMaxLength(200);
        builder.Property(s => s.SupplierDomain).HasMaxLength(100);
        builder.Property(s => s.SupplierIdentity).HasMaxLength(200);
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

    public void Configure(EntityTypeBuilder<CxmlOrderReceipt> builder)
    {
        builder.ToTable("cxml_order_receipts");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.PayloadId).HasMaxLength(250);
        builder.Property(r => r.BuyerOrderId).HasMaxLength(64);
        builder.Property(r => r.Type).HasMaxLength(16);
        // Re-sent documents are recognised by payloadID, and by order id + version (a new payloadID on retry).
        builder.HasIndex(r => new { r.CustomerId, r.PayloadId }).IsUnique();
        builder.HasIndex(r => new { r.CustomerId, r.BuyerOrderId, r.OrderVersion }).IsUnique();
        builder.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
