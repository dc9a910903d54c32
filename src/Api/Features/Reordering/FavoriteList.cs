using Portal.Api.Features.Accounts;
using Portal.Api.Features.Approvals;

namespace Portal.Api.Features.Reordering;

/// <summary>A favorites list: a user's personal list, or an org unit's (visible to the unit and below it), or the account's.</summary>
public sealed class FavoriteList : ICustomerScoped, IReorderingRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public required string Name { get; set; }

    public required string Scope { get; set; }

    public Guid? OrgUnitId { get; set; }

    public Guid? OwnerUserId { get; set; }

    /// <summary>The skus of the list, in the order they were added (one JSON column).</summary>
    public List<FavoriteItem> Items { get; set; } = [];

    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A sku on a favorites list, with an optional usual quantity.</summary>
public sealed class FavoriteItem
{
    public required string Sku { get; set; }

    public decimal? Quantity { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}

internal sealed class FavoriteListConfiguration : IEntityTypeConfiguration<FavoriteList>
{
    public void Configure(EntityTypeBuilder<FavoriteList> builder)
    {
        builder.ToTable("favorite_lists");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.Scope).HasMaxLength(16);
        builder.Property(l => l.Items).AsJson();
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasIndex(l => new { l.CustomerId, l.Scope });
        builder.HasIndex(l => l.OwnerUserId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(l => l.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
