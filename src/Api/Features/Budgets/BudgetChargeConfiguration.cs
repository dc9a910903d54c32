using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Budgets;

internal sealed class BudgetChargeConfiguration : IEntityTypeConfiguration<BudgetCharge>
{
    public void Configure(EntityTypeBuilder<BudgetCharge> builder)
    {
        builder.ToTable("budget_charges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Amount).HasPrecision(18, 2);
        builder.HasIndex(c => new { c.BudgetId, c.PeriodStart });
        builder.HasIndex(c => c.OrderId);
        builder.HasOne<Budget>().WithMany().HasForeignKey(c => c.BudgetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Order>().WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
