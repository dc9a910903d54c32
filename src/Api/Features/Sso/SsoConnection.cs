using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Sso;

/// <summary>
/// A customer account's identity provider: OpenID Connect or SAML 2.0, the e-mail domains that lead to it
/// (home-realm discovery), how its groups map to roles, and whether the account's users must sign in
/// through it. One per account.
/// </summary>
public sealed class SsoConnection : IVersioned
{
    public int Version { get; set; } = 1;

    public Guid CustomerId { get; set; }

    /// <summary><c>oidc</c> or <c>saml</c>.</summary>
    public required string Protocol { get; set; }

    // OpenID Connect
    public string? OidcAuthority { get; set; }

    public string? OidcClientId { get; set; }

    /// <summary>The client secret, encrypted with the Data Protection key ring (it must be sent to the IdP, so it cannot be hashed).</summary>
    public string? OidcClientSecretProtected { get; set; }

    public List<string> OidcScopes { get; set; } = [];

    // SAML 2.0
    public string? SamlIdpEntityId { get; set; }

    public string? SamlSsoUrl { get; set; }

    /// <summary>The IdP's signing certificates (PEM); a response must be signed by one of them.</summary>
    public List<string> SamlSigningCertificates { get; set; } = [];

    public string? SamlNameIdFormat { get; set; }

    /// <summary>Claim (OIDC) or attribute (SAML) names of e-mail, display name and groups.</summary>
    public string? EmailClaim { get; set; }

    public string? NameClaim { get; set; }

    public string? GroupsClaim { get; set; }

    /// <summary>Lower-cased e-mail domains that lead to this IdP; users signing in must have an address in one of them.</summary>
    public List<string> EmailDomains { get; set; } = [];

    public List<SsoRoleMapping> RoleMappings { get; set; } = [];

    /// <summary>The account's users get user tokens only through this IdP.</summary>
    public bool RequireSso { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Members of <see cref="Group"/> get <see cref="Role"/> at <see cref="OrgUnitId"/>.</summary>
public sealed class SsoRoleMapping
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public required string Group { get; set; }

    public required string Role { get; set; }

    public Guid OrgUnitId { get; set; }
}

/// <summary>A login sent to an IdP and not yet answered: the SAML AuthnRequest ID or the OIDC state, used once.</summary>
public sealed class SsoLoginRequest
{
    /// <summary>The AuthnRequest ID (SAML) or the <c>state</c> (OIDC).</summary>
    public required string Id { get; set; }

    public Guid CustomerId { get; set; }

    public required string Protocol { get; set; }

    /// <summary>Where the browser goes after the login (a local path: the authorize request that started it).</summary>
    public required string ReturnUrl { get; set; }

    /// <summary>SHA-256 (hex) of the browser-binding cookie set when the login started: the answer must come back in the same browser (no login CSRF).</summary>
    public required string BrowserBindingHash { get; set; }

    /// <summary>OIDC: the nonce the ID token must carry.</summary>
    public string? Nonce { get; set; }

    /// <summary>OIDC: the PKCE code verifier (protected with Data Protection).</summary>
    public string? CodeVerifierProtected { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>An assertion (SAML assertion ID, or OIDC ID token jti/hash) already used, kept until it expires.</summary>
public sealed class SsoAssertionUse
{
    public Guid CustomerId { get; set; }

    public required string AssertionId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class SsoConnectionConfiguration : IEntityTypeConfiguration<SsoConnection>
{
    public void Configure(EntityTypeBuilder<SsoConnection> builder)
    {
        builder.ToTable("sso_connections");
        builder.HasKey(c => c.CustomerId);
        builder.Property(c => c.Protocol).HasMaxLength(8);
        builder.Property(c => c.OidcAuthority).HasMaxLength(500);
        builder.Property(c => c.OidcClientId).HasMaxLength(200);
        builder.Property(c => c.OidcClientSecretProtected).HasMaxLength(2000);
        builder.PrimitiveCollection(c => c.OidcScopes);
        builder.Property(c => c.SamlIdpEntityId).HasMaxLength(500);
        builder.Property(c => c.SamlSsoUrl).HasMaxLength(1000);
        builder.PrimitiveCollection(c => c.SamlSigningCertificates);
        builder.Property(c => c.SamlNameIdFormat).HasMaxLength(200);
        builder.Property(c => c.EmailClaim).HasMaxLength(200);
        builder.Property(c => c.NameClaim).HasMaxLength(200);
        builder.Property(c => c.GroupsClaim).HasMaxLength(200);
        builder.PrimitiveCollection(c => c.EmailDomains);
        builder.HasOne<Customer>().WithOne().HasForeignKey<SsoConnection>(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.RoleMappings).WithOne().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SsoRoleMappingConfiguration : IEntityTypeConfiguration<SsoRoleMapping>
{
    public void Configure(EntityTypeBuilder<SsoRoleMapping> builder)
    {
        builder.ToTable("sso_role_mappings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Group).HasMaxLength(256);
        builder.Property(m => m.Role).HasMaxLength(32);
        builder.HasIndex(m => m.CustomerId);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(m => m.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SsoLoginRequestConfiguration : IEntityTypeConfiguration<SsoLoginRequest>
{
    public void Configure(EntityTypeBuilder<SsoLoginRequest> builder)
    {
        builder.ToTable("sso_login_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(100);
        builder.Property(r => r.Protocol).HasMaxLength(8);
        builder.Property(r => r.ReturnUrl).HasMaxLength(4000);
        builder.Property(r => r.Nonce).HasMaxLength(100);
        builder.Property(r => r.BrowserBindingHash).HasMaxLength(64);
        builder.Property(r => r.CodeVerifierProtected).HasMaxLength(1000);
        builder.HasIndex(r => r.ExpiresAt);
        builder.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SsoAssertionUseConfiguration : IEntityTypeConfiguration<SsoAssertionUse>
{
    public void Configure(EntityTypeBuilder<SsoAssertionUse> builder)
    {
        builder.ToTable("sso_assertion_uses");
        builder.HasKey(a => new { a.CustomerId, a.AssertionId });
        builder.Property(a => a.AssertionId).HasMaxLength(256);
        builder.HasIndex(a => a.ExpiresAt);
    }
}
