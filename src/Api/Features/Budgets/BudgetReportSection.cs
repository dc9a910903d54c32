namespace Portal.Api.Features.Budgets;

/// <summary>One budget in the report: its scope by name, its period figures and the orders behind them.</summary>
public sealed record BudgetReportSection(string Budget, string Scope, BudgetPosition Position, IReadOnlyList<BudgetReportOrder> Orders);
