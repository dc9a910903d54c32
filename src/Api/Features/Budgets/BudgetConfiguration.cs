using Portal.Api.Features.Accounts;
using Portal.Api.Features.Approvals;

namespace Portal.Api.Features.Budgets;

internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> builder)
    {
        builder.ToTable("budgets");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Name).HasMaxLength(200);
        builder.MaxLength(32, b => b.Role, b => b.Policy);
        builder.Property(b => b.Period).HasMaxLength(16);
        builder.Property(b => b.Currency).HasMaxLength(3);
        builder.Property(b => b.Amount).HasPrecision(18, 2);
        builder.Property(b => b.Thresholds).AsJson().HasMaxLength(1000);
        builder.Property(b => b.ThresholdsReached).AsJson().HasMaxLength(1000);
        builder.HasIndex(b => b.CustomerId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CostCenter>().WithMany().HasForeignKey(b => b.CostCenterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(b => b.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
