namespace Portal.Api.Features.Budgets;

/// <summary>A budget in one period: what is available, consumed and left.</summary>
public sealed record BudgetPosition(
    Budget Budget, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Available, decimal CarriedOver, decimal Committed, decimal Reserved)
{
    public decimal Remaining => Available - Committed - Reserved;
}
