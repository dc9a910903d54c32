// Program of the throw-away console project that scripts/smoke.sh (packed-sdk) builds against the packed
// Portal.Client only: what an integrator writes after `dotnet add package Portal.Client`.
using Portal.Client;

using var portal = new PortalClient(new PortalClientOptions
{
    BaseUri = new Uri(args[0]),
    ClientId = "acme-buyer",
    ClientSecret = "acme-buyer-secret",
});

// Authenticate (implicitly, on the first call) and search.
var products = await portal.Products.ListAsync(q: "screw", limit: 3);
Console.WriteLine($"search: {products.Items.Count} products, first {products.Items[0].Sku}");

// Price at the account's prices.
var prices = await portal.Pricing.CalculateAsync(body: new PriceCalculationRequest
{
    Lines = products.Items.Select(p => new PriceCalculationLineRequest { Sku = p.Sku, Quantity = 10 }).ToList(),
});
Console.WriteLine($"priced: {prices.Total:0.00} {prices.Currency}");

// Order with our own Idempotency-Key, then send the very same request again (as after a lost answer):
// the API answers the first order instead of placing a second one.
var key = Guid.NewGuid().ToString("N");
var request = new CreateOrderRequest
{
    Lines = products.Items.Select(p => new CartLineInput { Sku = p.Sku, Quantity = 10 }).ToList(),
    CustomerReference = "PACKED-" + key[..8],
};
var order = await portal.Orders.CreateAsync(idempotency_Key: key, body: request);
var again = await portal.Orders.CreateAsync(idempotency_Key: key, body: request);
if (again.Id != order.Id)
{
    Console.WriteLine($"FAIL: the repeated request placed a second order ({again.Number})");
    return 1;
}
Console.WriteLine($"ordered: {order.Number}; the repeat with the same key answered the same order");

// Page through the order history two at a time.
var count = 0;
await foreach (var summary in portal.Orders.ListAllAsync(pageSize: 2))
{
    count++;
}
Console.WriteLine($"orders paged: {count}");
return count >= 1 ? 0 : 1;
