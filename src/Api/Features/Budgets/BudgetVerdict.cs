namespace Portal.Api.Features.Budgets;

/// <summary>The budgets a demand touches and what follows: refused (block), sent to approval, warned, or fine.</summary>
public sealed record BudgetVerdict(IReadOnlyList<BudgetEffect> Effects)
{
    /// <summary>The strongest policy among the budgets that would be exceeded (<see cref="BudgetPolicies.None"/> if none).</summary>
    public string Policy => Effects.Where(e => e.WouldExceed).Select(e => e.Position.Budget.Policy)
        .OrderByDescending(BudgetPolicies.Strength).FirstOrDefault() ?? BudgetPolicies.None;

    public bool Allowed => Policy != BudgetPolicies.Block;

    public bool WouldExceed => Effects.Any(e => e.WouldExceed);

    /// <summary>The least left among the budgets touched (null when none applies).</summary>
    public decimal? Remaining => Effects.Count == 0 ? null : Effects.Min(e => e.Position.Remaining);

    public BudgetEffect? Blocking => Effects.Where(e => e.WouldExceed && e.Position.Budget.Policy == BudgetPolicies.Block)
        .OrderBy(e => e.Position.Remaining).FirstOrDefault();
}
