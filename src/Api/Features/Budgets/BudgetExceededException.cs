namespace Portal.Api.Features.Budgets;

/// <summary>409 <c>budget-exceeded</c>: a <c>block</c> budget has less left than the order would charge; nothing was placed.</summary>
public sealed class BudgetExceededException : ProblemException
{
    public const string ProblemType = "urn:portal:problem:budget-exceeded";

    public BudgetExceededException(BudgetEffect effect)
        : base(409, ProblemType, "The order would exceed a budget.", Shortfall(effect) + " Nothing was placed.")
    {
        Reason = Shortfall(effect);
        Extensions["budgetId"] = effect.Position.Budget.Id;
        Extensions["budgetName"] = BudgetText.Describe(effect.Position.Budget);
        Extensions["remaining"] = effect.Position.Remaining;
        Extensions["requested"] = effect.Amount;
        Extensions["currency"] = effect.Position.Budget.Currency;
    }

    /// <summary>Which budget and by how much, without what became of the order (a change order is not "placed").</summary>
    public string Reason { get; }

    private static string Shortfall(BudgetEffect effect) => string.Create(CultureInfo.InvariantCulture,
        $"The budget '{BudgetText.Describe(effect.Position.Budget)}' has {effect.Position.Remaining:0.00} {effect.Position.Budget.Currency} left; the order needs {effect.Amount:0.00}.");
}
