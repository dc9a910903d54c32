using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Punchout;

/// <summary>An account's punchout set-up: who may call, with which secret, and where carts may go back to.</summary>
public sealed class PunchoutAccount : IVersioned
{
    /// <summary>Bumped by every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; set; } = 1;

    public Guid CustomerId { get; set; }

    /// <summary>PBKDF2 hash of the cXML shared secret (never the secret itself); null when only OCI is set up.</summary>
    public string? SharedSecretHash { get; set; }

    /// <summary>BrowserFormPost URLs must start with one of these (scheme, host and port equal; path prefix).</summary>
    public List<string> AllowedReturnUrls { get; set; } = [];

    /// <summary>Create a requester on first punchout of an unknown e-mail address.</summary>
    public bool AutoCreateUsers { get; set; }

    /// <summary>The org unit new users land in (default: the account's root).</summary>
    public Guid? DefaultOrgUnitId { get; set; }

    /// <summary><c>cxml-base64</c> (default) or <c>cxml-urlencoded</c>: the form field the cart goes back in.</summary>
    public string FormEncoding { get; set; } = PunchoutFormEncodings.Base64;

    public List<PunchoutCredential> Credentials { get; set; } = [];

    /// <summary>The Portal user a buyer without an e-mail address punches out as (cXML), and every OCI session's user.</summary>
    public string? DefaultBuyerEmail { get; set; }

    /// <summary>SAP OCI USERNAME (lower-cased; unique across accounts); null when OCI is not set up.</summary>
    public string? OciUsername { get; set; }

    /// <summary>PBKDF2 hash of the OCI PASSWORD.</summary>
    public string? OciPasswordHash { get; set; }

    /// <summary>HOOK_URLs must start with one of these (same rule as <see cref="AllowedReturnUrls"/>).</summary>
    public List<string> OciAllowedHookUrls { get; set; } = [];

    /// <summary>The charset the OCI cart goes back in when the call does not name one (default UTF-8).</summary>
    public string? OciCharset { get; set; }

    /// <summary>This supplier's vendor number in the buyer's SAP system (OCI NEW_ITEM-VENDOR); null: the installation's.</summary>
    public string? OciVendorNumber { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Where cXML ConfirmationRequests, ShipNoticeRequests and InvoiceDetailRequests go (the buyer system's cXML endpoint); null: none are sent.</summary>
    public string? CxmlOutboundUrl { get; set; }

    /// <summary>The shared secret the buyer system gave the supplier, protected with Data Protection (it is sent, so it must be recoverable).</summary>
    public string? CxmlOutboundSecretProtected { get; set; }

    /// <summary>InvoiceDetailRequests carry an XML signature made with the installation's invoice-signing certificate.</summary>
    public bool CxmlSignInvoices { get; set; }
}

internal sealed class PunchoutAccountConfiguration : IEntityTypeConfiguration<PunchoutAccount>
{
    public void Configure(EntityTypeBuilder<PunchoutAccount> builder)
    {
        builder.ToTable("punchout_accounts");
        builder.HasKey(a => a.CustomerId);
        builder.Property(a => a.SharedSecretHash).HasMaxLength(200);
        builder.Property(a => a.FormEncoding).HasMaxLength(24);
        builder.PrimitiveCollection(a => a.AllowedReturnUrls);
        builder.Property(a => a.DefaultBuyerEmail).HasMaxLength(254);
        builder.Property(a => a.OciUsername).HasMaxLength(100);
        builder.HasIndex(a => a.OciUsername).IsUnique();
        builder.Property(a => a.OciPasswordHash).HasMaxLength(200);
        builder.PrimitiveCollection(a => a.OciAllowedHookUrls);
        builder.Property(a => a.OciCharset).HasMaxLength(40);
        builder.Property(a => a.OciVendorNumber).HasMaxLength(10);
        builder.Property(a => a.CxmlOutboundUrl).HasMaxLength(2000);
        builder.Property(a => a.CxmlOutboundSecretProtected).HasMaxLength(2000);
        builder.HasOne<Customer>().WithOne().HasForeignKey<PunchoutAccount>(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Credentials).WithOne().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
