using Portal.Api.Features.Accounts;
using Portal.Api.Features.Approvals;

namespace Portal.Api.Features.Reordering;

/// <summary>
/// A named list of lines to order again and again: a user's own, an org unit's (visible to the unit and every
/// unit below it) or the whole account's. Lines are kept with the template (one JSON column): they are read
/// and written with it, never queried by their parts.
/// </summary>
public sealed class OrderTemplate : ICustomerScoped, IReorderingRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="ReorderingScopes.User"/>, <see cref="ReorderingScopes.OrgUnit"/> or <see cref="ReorderingScopes.Account"/>.</summary>
    public required string Scope { get; set; }

    /// <summary>The unit of an org-unit template; null otherwise.</summary>
    public Guid? OrgUnitId { get; set; }

    /// <summary>The user who created it; the owner of a user template.</summary>
    public Guid? OwnerUserId { get; set; }

    public List<TemplateLine> Lines { get; set; } = [];

    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A line of a template.</summary>
public sealed class TemplateLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Sku { get; set; }

    public decimal Quantity { get; set; }

    public Guid? CostCenterId { get; set; }

    public string? Note { get; set; }
}

internal sealed class OrderTemplateConfiguration : IEntityTypeConfiguration<OrderTemplate>
{
    public void Configure(EntityTypeBuilder<OrderTemplate> builder)
    {
        builder.ToTable("order_templates");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Scope).HasMaxLength(16);
        builder.Property(t => t.Lines).AsJson();
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.CustomerId, t.Scope });
        builder.HasIndex(t => t.OwnerUserId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(t => t.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
