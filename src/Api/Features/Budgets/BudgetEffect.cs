namespace Portal.Api.Features.Budgets;

/// <summary>What a demand does to one budget: the amount it charges and whether that exceeds what is left.</summary>
public sealed record BudgetEffect(BudgetPosition Position, decimal Amount)
{
    public bool WouldExceed => Amount > Position.Remaining;
}
