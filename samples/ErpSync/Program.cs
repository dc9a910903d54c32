// Portal.Client sample for an ERP integration: push price conditions, then follow the order feed.
//
//   dotnet run --project samples/ErpSync -- --base-url http://localhost:5080 [--after <cursor>]
//
// It signs in as the supplier-side demo client (portal-demo). Conditions are upserted by their ERP key,
// all or nothing; the feed returns every order change exactly once, so an ERP stores the last cursor
// and resumes after it (pass it with --after).
using Portal.Client;

var baseUrl = Arg("--base-url") ?? Environment.GetEnvironmentVariable("PORTAL_BASE_URL") ?? "http://localhost:5080";

using var portal = new PortalClient(new PortalClientOptions
{
    BaseUri = new Uri(baseUrl),
    ClientId = Arg("--client-id") ?? "portal-demo",
    ClientSecret = Arg("--client-secret") ?? "portal-demo-secret",
});

try
{
    // 1. The customer account the ERP calls C-10001.
    var acme = await portal.Customers.ListAllAsync(q: "C-10001").FirstAsync();

    // 2. Push conditions: a customer price and a quantity tier. Unchanged conditions are counted, not rewritten.
    var result = await portal.PriceConditions.UpsertAsync(body: new PriceConditionBatchRequest
    {
        Conditions =
        [
            new PriceConditionDto { Id = $"CUST-{acme.Number}-TOL-1002", Kind = "customer", Sku = "TOL-1002", CustomerId = acme.Id, Currency = "EUR", Price = 49.90m },
            new PriceConditionDto { Id = "TIER-FAS-1003-EUR-500", Kind = "tier", Sku = "FAS-1003", Currency = "EUR", MinQuantity = 500, Price = 0.39m },
        ],
    });
    Console.WriteLine($"Price conditions: {result.Created} created, {result.Updated} updated, {result.Unchanged} unchanged.");

    // 3. Follow the order feed until it is caught up; remember the last cursor for the next run.
    var cursor = Arg("--after");
    var count = 0;
    await foreach (var change in portal.OrderFeed.ReadAllAsync(after: cursor, pageSize: 100))
    {
        Console.WriteLine($"  {change.At:u} {change.OrderNumber} {change.Type,-14} {change.Status,-10} {change.Total,10:0.00} {change.Currency}");
        cursor = change.Cursor;
        count++;
    }
    Console.WriteLine($"Order feed: {count} changes; resume with --after {cursor ?? "(start)"}");
    return 0;
}
catch (PortalApiException e)
{
    Console.Error.WriteLine($"The API answered {e.Status} {e.Type}: {e.Detail ?? e.Title} (request {e.RequestId})");
    return 1;
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
