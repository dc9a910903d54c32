using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Ordering;

/// <summary>A named, server-side cart of a user.</summary>
public sealed class Cart : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    /// <summary>The owner; null for carts a supplier-side caller keeps for the account.</summary>
    public Guid? UserId { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="CartKinds.Standard"/>, or <see cref="CartKinds.Suggested"/> for a cart a replenishment schedule prepared.</summary>
    public string Kind { get; set; } = CartKinds.Standard;

    /// <summary>The order channel a cart made by Portal leads to (<c>reorder</c>, <c>schedule</c>), or null for a cart the user filled.</summary>
    public string? Origin { get; set; }

    public List<CartLine> Lines { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> builder)
    {
        builder.ToTable("carts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Kind).HasMaxLength(16).HasDefaultValue(CartKinds.Standard);
        builder.Property(c => c.Origin).HasMaxLength(24);
        builder.HasIndex(c => new { c.CustomerId, c.UserId });
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>What made a cart: a user (standard) or a replenishment schedule (suggested).</summary>
public static class CartKinds
{
    public const string Standard = "standard";
    public const string Suggested = "suggested";

    public static readonly IReadOnlyList<string> All = [Standard, Suggested];
}
