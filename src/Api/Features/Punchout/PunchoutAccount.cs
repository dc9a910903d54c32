using Portal.Api.Features.Accounts;

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

internal sealed class PunchoutAccountConfiguration : IEntityTypeConfiguration<PunchoutAccount>
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
}
