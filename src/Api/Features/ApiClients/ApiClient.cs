using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.ApiClients;

/// <summary>
/// An OAuth client registration: either a customer account's integration, acting as one of its users
/// (with that user's roles), or a supplier-side client with supplier roles. The secret itself is held,
/// hashed, by OpenIddict's application store; this row holds what Portal needs around it.
/// </summary>
public sealed class ApiClient
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The OAuth client_id.</summary>
    public required string ClientId { get; set; }

    public required string Name { get; set; }

    /// <summary>The account, for customer clients; null for supplier clients.</summary>
    public Guid? CustomerId { get; set; }

    /// <summary>The user a customer client acts as (machine clients); null for apps, which act as the user who signed in.</summary>
    public Guid? UserId { get; set; }

    /// <summary><c>machine</c> (client credentials), <c>web</c> (confidential app) or <c>native</c> (public app): the latter two sign users in with authorization code + PKCE.</summary>
    public string Type { get; set; } = ApiClientTypes.Machine;

    /// <summary>Where an app's authorization codes may be sent (exact match).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>Supplier roles, for supplier clients.</summary>
    public List<string> SupplierRoles { get; set; } = [];

    /// <summary>Hash of the secret replaced by the last rotation, accepted until <see cref="PreviousSecretValidUntil"/>.</summary>
    public string? PreviousSecretHash { get; set; }

    public DateTimeOffset? PreviousSecretValidUntil { get; set; }

    public DateTimeOffset? SecretRotatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Who created it (a client id).</summary>
    public string? CreatedBy { get; set; }
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.ToTable("api_clients");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ClientId).HasMaxLength(100);
        builder.HasIndex(c => c.ClientId).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.PreviousSecretHash).HasMaxLength(500);
        builder.Property(c => c.CreatedBy).HasMaxLength(100);
        builder.Property(c => c.Type).HasMaxLength(8).HasDefaultValue(ApiClientTypes.Machine);
        builder.PrimitiveCollection(c => c.RedirectUris);
        builder.HasIndex(c => c.CustomerId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The kinds of API client.</summary>
public static class ApiClientTypes
{
    public const string Machine = "machine";
    public const string Web = "web";
    public const string Native = "native";
}
