// Program of the throw-away console project that scripts/smoke.sh (packed-sdk) builds against the packed
// Portal.Client only, from a local feed as sdk/csharp/README.md describes: what an integrator writes.
// It runs against the demo data of the embedded mode (portal-demo is the supplier admin, acme-buyer a buyer).
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Portal.Client;

var baseUri = new Uri(args[0]);
var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    failures += ok ? 0 : 1;
}

// Money and quantities are decimal (compile-time checks).
decimal? unitPrice = default(PriceCalculationLine)?.UnitPrice;
decimal total = default(OrderDto)?.Total ?? 0m;
decimal quantity = new CartLineInput { Sku = "FAS-1001", Quantity = 2.5m }.Quantity;
Check(unitPrice is null && total == 0m && quantity == 2.5m, "decimal: PriceCalculationLine.UnitPrice, OrderDto.Total, CartLineInput.Quantity");

// IPortalClient from dependency injection: the default client (supplier admin) and a named one (a buyer).
var services = new ServiceCollection();
services.AddPortalClient(o =>
{
    o.BaseUri = baseUri;
    o.ClientId = "portal-demo";
    o.ClientSecret = "portal-demo-secret";
});
services.AddPortalClient("acme-buyer", o =>
{
    o.BaseUri = baseUri;
    o.ClientId = "acme-buyer";
    o.ClientSecret = "acme-buyer-secret";
});
await using var provider = services.BuildServiceProvider();
var portal = provider.GetRequiredService<IPortalClient>();
var buyer = provider.GetRequiredService<IPortalClientFactory>().CreateClient("acme-buyer");
Check(portal is PortalClient, "IPortalClient resolves from DI");

// Per-call options: one supplier-side client prices for two accounts.
var acme = (await portal.Customers.ListAsync(q: "C-10001")).Items.Single();
var bluebird = (await portal.Customers.ListAsync(q: "C-10003")).Items.Single();
var request = new PriceCalculationRequest { Lines = [new PriceCalculationLineRequest { Sku = "FAS-1001", Quantity = 10m }] };
var forAcme = await portal.Pricing.CalculateAsync(request, options: new PortalRequestOptions { CustomerId = acme.Id.ToString() });
var forBluebird = await portal.Pricing.CalculateAsync(request, options: new PortalRequestOptions { CustomerId = bluebird.Id.ToString() });
Check(forAcme.Currency == "EUR" && forBluebird.Currency == "GBP",
    $"per-call CustomerId: {acme.Name} {forAcme.Lines[0].UnitPrice} {forAcme.Currency}, {bluebird.Name} {forBluebird.Lines[0].UnitPrice} {forBluebird.Currency}");

// PortalResponse<T>: the ETag of a product; a stale If-Match is refused with 412.
var sku = "PKG-SDK-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
var template = await portal.Products.GetAsync("FAS-1001");
var input = new ProductInput { Name = "Packed SDK check", Category = template.Category, Unit = template.Unit };
await portal.Products.PutAsync(sku, input, options: new PortalRequestOptions { IfNoneMatch = "*" });
PortalResponse<ProductDto> read = await portal.Products.GetWithResponseAsync(sku);
Check(!string.IsNullOrEmpty(read.ETag) && read.StatusCode == 200 && read.RequestId is not null, $"PortalResponse<ProductDto>: ETag {read.ETag}, request {read.RequestId}");
input.Name = "Packed SDK check, changed";
var changed = await portal.Products.PutWithResponseAsync(sku, input, options: new PortalRequestOptions { IfMatch = read.ETag });
try
{
    input.Name = "Packed SDK check, lost update";
    await portal.Products.PutAsync(sku, input, options: new PortalRequestOptions { IfMatch = read.ETag });
    Check(false, "a stale If-Match was accepted");
}
catch (PortalApiException e)
{
    Check(e.Status == 412 && changed.ETag != read.ETag, $"stale If-Match: PortalApiException {e.Status} ({e.Type})");
}

// The buyer orders with its own idempotency key; the repeat answers the same order.
var key = Guid.NewGuid().ToString("N");
var order = new CreateOrderRequest { Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 10m }], CustomerReference = "PACKED-" + key[..8] };
var placed = await buyer.Orders.CreateWithResponseAsync(order, options: new PortalRequestOptions { IdempotencyKey = key });
var again = await buyer.Orders.CreateWithResponseAsync(order, options: new PortalRequestOptions { IdempotencyKey = key });
Check(again.Value.Id == placed.Value.Id && again.IdempotentReplayed, $"order {placed.Value.Number} total {placed.Value.Total} {placed.Value.Currency}; the repeat was replayed");
var count = 0;
await foreach (var _ in buyer.Orders.ListAllAsync(pageSize: 2))
{
    count++;
}
Check(count >= 1, $"orders paged: {count}");

// Names and the error surface.
var underscored = typeof(PortalClient).Assembly.GetExportedTypes()
    .SelectMany(t => t.GetMethods().Cast<MethodBase>().Concat(t.GetConstructors()))
    .SelectMany(m => m.GetParameters())
    .Where(p => p.Name!.Contains('_'))
    .Select(p => $"{p.Member.DeclaringType?.Name}.{p.Member.Name}({p.Name})")
    .ToList();
Check(underscored.Count == 0, "no public method parameter name contains '_'" + (underscored.Count == 0 ? "" : ": " + string.Join(", ", underscored)));
Check(typeof(PortalApiException).GetProperty(nameof(PortalApiException.RetryAfter))?.PropertyType == typeof(TimeSpan?), "PortalApiException.RetryAfter is a TimeSpan?");

Console.WriteLine(failures == 0 ? "packed SDK: all checks passed" : $"packed SDK: {failures} checks failed");
return failures == 0 ? 0 : 1;
