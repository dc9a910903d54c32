using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// Key material for signing access tokens, kept in the database so that every API instance signs and
/// validates with the same keys (ARCHITECTURE.md §7) and restarts do not invalidate issued tokens.
/// </summary>
public sealed class TokenKey
{
    public const string SigningKind = "signing-rsa";
    public const string EncryptionKind = "encryption-aes";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Kind { get; set; }

    /// <summary>PKCS#8 PEM for RSA keys, base64 for symmetric keys.</summary>
    public required string Material { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class TokenKeyConfiguration : IEntityTypeConfiguration<TokenKey>
{
    public void Configure(EntityTypeBuilder<TokenKey> builder)
    {
        builder.ToTable("token_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Kind).HasMaxLength(32);
        // One active key per kind; a second instance starting at the same moment loses the insert race
        // and reads the winner's key.
        builder.HasIndex(k => k.Kind).IsUnique();
    }
}
