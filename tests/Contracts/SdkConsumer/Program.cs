// The SDK's side of its pact (tests/Contracts/sdk/portal-client-sdk-portal-api.json): the calls an
// integration typically makes through Portal.Client — a token, a catalog search, a price calculation, an
// order (with the SDK's own Idempotency-Key), the order read back, a page of the order list — sent to the
// Pact mock server created from that pact. The mock answers with the pact's responses and records every
// request; `pact mock verify` then fails unless each interaction arrived exactly as the pact expects.
// Usage: dotnet run --project tests/Contracts/SdkConsumer -- <mock server base URI>
using Portal.Client;

if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseUri))
{
    Console.Error.WriteLine("usage: SdkConsumer <mock server base URI, e.g. http://127.0.0.1:41234/>");
    return 2;
}

var failures = new List<string>();
void Expect(bool condition, string what)
{
    if (!condition)
    {
        failures.Add(what);
    }
}

using var portal = new PortalClient(new PortalClientOptions
{
    BaseUri = baseUri,
    ClientId = "acme-buyer",
    ClientSecret = "acme-buyer-secret",
    // The mock answers 500 to a request it does not expect: fail at once instead of retrying, so the
    // mock's verification sees exactly the requests the SDK makes.
    MaxRetries = 0,
});

try
{
    // 1. token (POST /connect/token, client_secret_basic) on the first call, then the search.
    var page = await portal.Products.ListAsync(q: "screw", limit: 5);
    Expect(page.Items.Count > 0 && !string.IsNullOrEmpty(page.Items.First().Sku), "the search returns products with a sku");
    Expect(!string.IsNullOrEmpty(page.NextCursor), "the search page has a next cursor");

    // 2. price calculation
    var prices = await portal.Pricing.CalculateAsync(body: new PriceCalculationRequest
    {
        Currency = "EUR",
        Lines = [new PriceCalculationLineRequest { Sku = "FAS-1001", Quantity = 10 }],
    });
    Expect(prices.Lines.Count == 1 && prices.Lines.First().UnitPrice > 0, "the price calculation prices the line");

    // 3. order (the SDK adds an Idempotency-Key to the POST)
    var order = await portal.Orders.CreateAsync(body: new CreateOrderRequest
    {
        Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 10 }],
        CustomerReference = "SDK-PO-0001",
    });
    Expect(order.Id != Guid.Empty && !string.IsNullOrEmpty(order.Number), "the created order has an id and a number");

    // 4. the order read back by its id
    var read = await portal.Orders.GetAsync(order.Id);
    Expect(read.Id == order.Id, "the order read back is the created one");

    // 5. one page of the order list
    var orders = await portal.Orders.ListAsync(limit: 10);
    Expect(orders.Items.Count > 0, "the order list has orders");
}
catch (PortalApiException e)
{
    Console.Error.WriteLine($"SDK call failed: {e.Status} {e.Message}\n{e.ResponseBody}");
    return 1;
}

if (failures.Count > 0)
{
    Console.Error.WriteLine("The SDK's results were not as expected: " + string.Join("; ", failures));
    return 1;
}
Console.WriteLine("SDK calls done: token, search, price calculation, order, order read, order list");
return 0;
