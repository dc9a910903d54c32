namespace Portal.Api.Features.Accounts;

/// <summary>
/// A node of a customer's organisation (company → divisions → departments, any depth). Roles granted at
/// a unit hold in every unit below it; <see cref="Path"/> (ids from the root, '/'-separated) makes
/// "is below" a prefix test that one indexed query answers.
/// </summary>
public sealed class OrgUnit : ICustomerScoped, IVersioned
{
    /// <summary>Bumped by every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; set; } = 1;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    /// <summary>Null for the account's root unit (the company itself).</summary>
    public Guid? ParentId { get; set; }

    public required string Name { get; set; }

    /// <summary>Optional code from the customer's HR or ERP system.</summary>
    public string? Code { get; set; }

    /// <summary><c>/rootId/childId/.../thisId/</c> in lower-case hex without dashes.</summary>
    public string Path { get; set; } = string.Empty;

    public int Depth { get; set; }

    /// <summary>The cost center orders from this unit are charged to unless a line says otherwise.</summary>
    public Guid? DefaultCostCenterId { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public static string Segment(Guid id) => id.ToString("N");

    public void PlaceUnder(OrgUnit? parent)
    {
        ParentId = parent?.Id;
        Path = (parent?.Path ?? "/") + Segment(Id) + "/";
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>True when <paramref name="other"/> is this unit or below it.</summary>
    public bool Contains(OrgUnit other) => other.Path.StartsWith(Path, StringComparison.Ordinal);
}

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> builder)
    {
        builder.ToTable("org_units");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Code).HasMaxLength(64);
        builder.Property(o => o.Path).HasMaxLength(2000); // 60 levels; a btree entry must stay under ~2.7 kB
        builder.HasIndex(o => new { o.CustomerId, o.Path });
        builder.HasIndex(o => new { o.CustomerId, o.ParentId });
        builder.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
