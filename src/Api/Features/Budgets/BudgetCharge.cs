namespace Portal.Api.Features.Budgets;

/// <summary>What one order charges to one budget in one period. Whether it counts as reserved, committed
/// or released follows the order's status.</summary>
public sealed class BudgetCharge : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid BudgetId { get; set; }

    public Guid OrderId { get; set; }

    public DateOnly PeriodStart { get; set; }

    public decimal Amount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
