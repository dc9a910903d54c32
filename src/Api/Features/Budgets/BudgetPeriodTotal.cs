namespace Portal.Api.Features.Budgets;

/// <summary>
/// What all charges of one budget in one period add up to, whatever their orders' status: kept beside the charges
/// by <see cref="BudgetLedger.Charge"/>, in the placing order's transaction and under the budget row's lock (the
/// only writer), so that a budget's position reads one row instead of summing every charge of the period. What the
/// charges of orders pending approval (reserved) and of rejected or cancelled orders (released) add up to is
/// subtracted from it at read time: those orders are few, and their status changes elsewhere.
/// </summary>
public sealed class BudgetPeriodTotal : ICustomerScoped
{
    public Guid BudgetId { get; set; }

    public DateOnly PeriodStart { get; set; }

    public Guid CustomerId { get; set; }

    public decimal Charged { get; set; }
}

internal sealed class BudgetPeriodTotalConfiguration : IEntityTypeConfiguration<BudgetPeriodTotal>
{
    public void Configure(EntityTypeBuilder<BudgetPeriodTotal> builder)
    {
        builder.ToTable("budget_period_totals");
        builder.HasKey(t => new { t.BudgetId, t.PeriodStart });
        builder.Property(t => t.Charged).HasPrecision(18, 2);
        builder.HasOne<Budget>().WithMany().HasForeignKey(t => t.BudgetId).OnDelete(DeleteBehavior.Cascade);
    }
}
