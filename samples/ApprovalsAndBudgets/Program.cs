// Portal.Client sample: the two flows of approvals and budgets.
//
//   dotnet run --project samples/ApprovalsAndBudgets -- check --amount 250          (a procurement system)
//   dotnet run --project samples/ApprovalsAndBudgets -- approve [--reject "reason"]  (an approver)
//
// "check" asks POST /api/v1/budget-checks whether an order of that amount would go through (the same answer
// ordering then gives). "approve" lists what the signed-in user may decide and approves (or rejects) the
// oldest. Defaults: the embedded mode's demo clients (acme-buyer checks, acme-admin decides).
using Portal.Client;

var command = args.FirstOrDefault() ?? "check";
var baseUrl = Arg("--base-url") ?? Environment.GetEnvironmentVariable("PORTAL_BASE_URL") ?? "http://localhost:5080";
var approver = command == "approve";

using var portal = new PortalClient(new PortalClientOptions
{
    BaseUri = new Uri(baseUrl),
    ClientId = Arg("--client-id") ?? (approver ? "acme-admin" : "acme-buyer"),
    ClientSecret = Arg("--client-secret") ?? (approver ? "acme-admin-secret" : "acme-buyer-secret"),
});

try
{
    if (!approver)
    {
        var amount = decimal.Parse(Arg("--amount") ?? "250", System.Globalization.CultureInfo.InvariantCulture);
        var check = await portal.BudgetChecks.CheckAsync(new BudgetCheckRequest { Amount = amount, Currency = Arg("--currency") ?? "EUR" });
        Console.WriteLine($"An order of {amount:0.00}: allowed={check.Allowed}, policy={check.Policy}, remaining={check.Remaining?.ToString("0.00") ?? "no budget"}");
        foreach (var budget in check.Budgets)
        {
            Console.WriteLine($"  {budget.Budget} ({budget.Policy}, {budget.PeriodStart:yyyy-MM-dd}..{budget.PeriodEnd:yyyy-MM-dd}): charges {budget.Amount:0.00}, {budget.Remaining:0.00} left{(budget.WouldExceed ? ", would be exceeded" : string.Empty)}");
        }
        return check.Allowed ? 0 : 2;
    }

    var pending = await portal.Approvals.ListAsync(status: "pending");
    Console.WriteLine($"{pending.Items.Count} approval(s) waiting for you.");
    var next = pending.Items.FirstOrDefault();
    if (next is null)
    {
        return 0;
    }
    Console.WriteLine($"Order {next.Order.Number}: {next.Order.Total:0.00} {next.Order.Currency}, level {next.CurrentLevel} of {next.Levels.Count} ({string.Join(", ", next.Reasons)})");
    foreach (var effect in next.BudgetEffects)
    {
        Console.WriteLine($"  budget {effect.Budget}: charges {effect.Amount:0.00}, {effect.Remaining:0.00} left");
    }
    var reason = Arg("--reject");
    var decided = reason is null
        ? await portal.Approvals.ApproveAsync(next.Id, new ApprovalDecisionRequest())
        : await portal.Approvals.RejectAsync(next.Id, new ApprovalDecisionRequest { Reason = reason });
    Console.WriteLine($"Now {decided.Status}{(decided.CurrentLevel is { } level ? $", waiting for level {level}" : string.Empty)}.");
    return 0;
}
catch (PortalApiException e)
{
    // 403: not yours to decide (your own order, a level you may not decide); 409: decided meanwhile.
    Console.Error.WriteLine($"The API answered {e.Status} {e.Type}: {e.Detail ?? e.Title} (request {e.RequestId})");
    return 1;
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
