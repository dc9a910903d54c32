// Portal.Client sample: a quote from request to order.
//
//   dotnet run --project samples/Quotes -- [--sku FAS-1001] [--quantity 20] [--unit-price 149.90]
//
// 1. acme-buyer (a requester of the demo account Acme) asks for a quote with a target price.
// 2. portal-demo (the embedded mode's supplier-admin: the sales desk) finds it in the queue across accounts,
//    claims it, drafts the offer and sends it as version 1 (list price and saving are added by the API).
// 3. acme-buyer reads the offer, saves its PDF and accepts it with an Idempotency-Key: an order at exactly
//    the quoted prices (through the account's budgets and approval rules).
using Portal.Client;

var baseUrl = Arg("--base-url") ?? Environment.GetEnvironmentVariable("PORTAL_BASE_URL") ?? "http://localhost:5080";
var sku = Arg("--sku") ?? "FAS-1001";
var quantity = decimal.Parse(Arg("--quantity") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
var unitPrice = decimal.Parse(Arg("--unit-price") ?? "149.90", System.Globalization.CultureInfo.InvariantCulture);

using var buyer = new PortalClient(new PortalClientOptions
{
    BaseUri = new Uri(baseUrl),
    ClientId = Arg("--client-id") ?? "acme-buyer",
    ClientSecret = Arg("--client-secret") ?? "acme-buyer-secret",
});
using var desk = new PortalClient(new PortalClientOptions
{
    BaseUri = new Uri(baseUrl),
    ClientId = Arg("--desk-client-id") ?? "portal-demo",
    ClientSecret = Arg("--desk-client-secret") ?? "portal-demo-secret",
});

try
{
    // 1. The request.
    var quote = await buyer.Quotes.RequestQuoteAsync(new CreateQuoteRequest
    {
        Lines = [new QuoteLineInput { Sku = sku, Quantity = quantity, TargetPrice = Math.Round(unitPrice * 0.9m, 4) }],
        Message = "Yearly demand, please quote.",
    });
    Console.WriteLine($"Requested {quote.Number}: {quantity} × {sku} ({quote.Status}, version {quote.Version}).");

    // 2. The sales desk: the queue across accounts, then this account's quote (Portal-Customer).
    var queue = await desk.Quotes.ListAsync(status: "requested");
    Console.WriteLine($"The sales queue holds {queue.Items.Count} requested quote(s).");
    var account = new PortalRequestOptions { CustomerId = quote.CustomerId.ToString() };
    await desk.Quotes.ClaimAsync(quote.Id, options: account);
    await desk.Quotes.UpdateAsync(quote.Id, new UpdateQuoteRequest
    {
        Lines = [new QuoteOfferLineInput { Sku = sku, Quantity = quantity, UnitPrice = unitPrice, LeadTimeDays = 5 }],
        ValidUntil = DateTimeOffset.UtcNow.AddDays(14),
        Note = "Valid for the whole quantity.",
    }, options: account);
    var offered = await desk.Quotes.SendAsync(quote.Id, options: account);
    Console.WriteLine($"Offered version {offered.Version}, valid until {offered.ValidUntil:yyyy-MM-dd}.");

    // 3. The buyer reads the offer, keeps the PDF and accepts.
    var offer = await buyer.Quotes.GetAsync(quote.Id);
    foreach (var line in offer.Lines)
    {
        Console.WriteLine($"  {line.Sku} {line.Quantity} {line.Unit}: {line.UnitPrice:0.0000} (list {line.ListPrice:0.0000}, saving {line.LineSaving:0.00}) = {line.LineTotal:0.00} {offer.Currency}");
    }
    using (var pdf = await buyer.Quotes.PdfAsync(quote.Id, offered.Version))
    await using (var file = File.Create($"{quote.Number}-v{offered.Version}.pdf"))
    {
        await pdf.Stream.CopyToAsync(file);
    }
    var accepted = await buyer.Quotes.AcceptAsync(quote.Id, idempotencyKey: Guid.NewGuid().ToString(), body: new AcceptQuoteRequest { Version = offered.Version });
    var order = await buyer.Orders.GetAsync(accepted.OrderId);
    Console.WriteLine($"Accepted: order {order.Number} ({order.Status}), total {order.Total:0.00} {order.Currency}; PDF saved as {quote.Number}-v{offered.Version}.pdf.");
    return 0;
}
catch (PortalApiException e)
{
    // 409 quote-expired / quote-superseded / conflict, budget-exceeded; 403 not yours to answer.
    Console.Error.WriteLine($"The API answered {e.Status} {e.Type}: {e.Detail ?? e.Title} (request {e.RequestId})");
    return 1;
}

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
