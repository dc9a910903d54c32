namespace Portal.Api.Features.Budgets;

internal static class BudgetText
{
    /// <summary>A budget's name, or its scope when it has none.</summary>
    public static string Describe(Budget budget) => budget.Name
        ?? (budget.CostCenterId is { } cc ? $"cost center {cc}" : budget.OrgUnitId is { } unit ? $"org unit {unit}" : $"role {budget.Role}");
}
