namespace Portal.Api.Features.Accounts;

/// <summary>A cost center of the customer, belonging to an org unit; order lines are charged to one.</summary>
public sealed class CostCenter : ICustomerScoped, IVersioned
{
    /// <summary>Bumped by every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; set; } = 1;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid OrgUnitId { get; set; }

    /// <summary>The customer's own code (as in its ERP), unique within the account.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class CostCenterConfiguration : IEntityTypeConfiguration<CostCenter>
{
    public void Configure(EntityTypeBuilder<CostCenter> builder)
    {
        builder.ToTable("cost_centers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.HasIndex(c => new { c.CustomerId, c.Code }).IsUnique();
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(c => c.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
