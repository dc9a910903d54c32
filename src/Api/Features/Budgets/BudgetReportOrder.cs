namespace Portal.Api.Features.Budgets;

/// <summary>An order charged to a budget: <c>State</c> is committed, reserved or released.</summary>
public sealed record BudgetReportOrder(string Number, string Status, DateTimeOffset PlacedAt, string? CustomerReference, decimal Amount, string State);
