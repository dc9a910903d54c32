namespace Portal.Api.Features.Budgets;

/// <summary>
/// What the charges of one budget in one period add up to — all of them, those of orders pending approval
/// (reserved) and those of rejected or cancelled orders (released) — so that a budget's position reads one row
/// instead of summing every charge of the period (PostgreSQL; SQLite sums the charges). Written under the budget
/// row's lock, in the transaction of what changes them: <see cref="BudgetLedger.Charge"/> when an order is placed,
/// <see cref="BudgetLedger.ApplyStatusMovesAsync"/> when a charged order's status moves between counting, pending
/// approval and released (every tracked order's, from <c>PortalDbContext.SaveChangesAsync</c>).
/// </summary>
public sealed class BudgetPeriodTotal : ICustomerScoped
{
    public Guid BudgetId { get; set; }

    public DateOnly PeriodStart { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>All charges of the budget in the period.</summary>
    public decimal Charged { get; set; }

    /// <summary>Of <see cref="Charged"/>: the charges of orders pending approval.</summary>
    public decimal Reserved { get; set; }

    /// <summary>Of <see cref="Charged"/>: the charges of rejected and cancelled orders.</summary>
    public decimal Released { get; set; }
}

internal sealed class BudgetPeriodTotalConfiguration : IEntityTypeConfiguration<BudgetPeriodTotal>
{
    public void Configure(EntityTypeBuilder<BudgetPeriodTotal> builder)
    {
        builder.ToTable("budget_period_totals");
        builder.HasKey(t => new { t.BudgetId, t.PeriodStart });
        builder.Property(t => t.Charged).HasPrecision(18, 2);
        builder.Property(t => t.Reserved).HasPrecision(18, 2);
        builder.Property(t => t.Released).HasPrecision(18, 2);
        builder.HasOne<Budget>().WithMany().HasForeignKey(t => t.BudgetId).OnDelete(DeleteBehavior.Cascade);
    }
}
