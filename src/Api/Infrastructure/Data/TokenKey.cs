namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// Key material for signing access tokens, kept in the database so that every API instance signs and
/// validates with the same keys (docs/architecture.md, "Many instances, one system") and restarts do not invalidate issued tokens. The
/// material is protected at rest with ASP.NET Core Data Protection (ADR 0007); a retired signing key is
/// still published until the tokens it signed have expired.
/// </summary>
public sealed class TokenKey
{
    public const string SigningKind = "signing-rsa";
    public const string EncryptionKind = "encryption-aes";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Kind { get; set; }

    /// <summary>
    /// PKCS#8 PEM for RSA keys, base64 for symmetric keys, protected with Data Protection and prefixed
    /// <c>dp:</c> (rows written before the protection are rewritten protected at start-up).
    /// </summary>
    public required string Material { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When a newer key replaced this one for signing; null for the active key of its kind.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}

internal sealed class TokenKeyConfiguration : IEntityTypeConfiguration<TokenKey>
{
    public void Configure(EntityTypeBuilder<TokenKey> builder)
    {
        builder.ToTable("token_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Kind).HasMaxLength(32);
        // One active key per kind; a second instance starting (or rotating) at the same moment loses the
        // insert race and reads the winner's key. Retired keys stay beside it until their tokens expire.
        builder.HasIndex(k => k.Kind).IsUnique().HasFilter("retired_at IS NULL");
    }
}
