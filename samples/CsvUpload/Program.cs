// Portal.Client sample: upload an EDI-style list order (CSV) and print the row report.
//
//   dotnet run --project samples/CsvUpload -- --base-url http://localhost:5080 [--file orders.csv]
//
// Every distinct customer_reference becomes one order. With mode "skip-invalid" the valid rows are
// ordered and the others reported by row and column; without it, one bad row places nothing (400).
using Portal.Client;

var baseUrl = Arg("--base-url") ?? Environment.GetEnvironmentVariable("PORTAL_BASE_URL") ?? "http://localhost:5080";
var file = Arg("--file") ?? Path.Combine(AppContext.BaseDirectory, "orders.csv");

using var portal = new PortalClient(new PortalClientOptions
{
    BaseUri = new Uri(baseUrl),
    ClientId = Arg("--client-id") ?? "acme-buyer",          // a requester of the demo account Acme
    ClientSecret = Arg("--client-secret") ?? "acme-buyer-secret",
});

try
{
    await using var csv = File.OpenRead(file);
    // The SDK sends one Idempotency-Key for this call: a retried upload never orders twice.
    var report = await portal.OrderImports.ImportAsync(csv, mode: "skip-invalid");

    Console.WriteLine($"{Path.GetFileName(file)}: {report.RowsRead} rows read, {report.RowsApplied} ordered, {report.ErrorCount} with errors.");
    foreach (var error in report.Errors)
    {
        Console.WriteLine($"  row {error.Row}, {error.Column}: {error.Code} - {error.Message}");
    }
    foreach (var order in report.Orders ?? [])
    {
        Console.WriteLine($"  order {order.Number} for {order.CustomerReference}: {order.LineCount} lines, {order.Total:0.00} {order.Currency}");
    }
    return report.RowsApplied > 0 ? 0 : 1;
}
catch (PortalApiException e)
{
    // All-or-nothing uploads answer 400 with every bad row in Errors ("rows[5].sku": [...]).
    Console.Error.WriteLine($"The API answered {e.Status} {e.Type}: {e.Detail ?? e.Title} (request {e.RequestId})");
    foreach (var (field, messages) in e.Errors)
    {
        Console.Error.WriteLine($"  {field}: {string.Join("; ", messages)}");
    }
    return 1;
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
