namespace Portal.Api.Features.Approvals;

public sealed record ApprovalDecisionLine(string Sku, string Description, decimal Quantity, string Unit, decimal LineTotal);
