using Portal.Client;

namespace Portal.Samples.QuickStart;

/// <summary>The quick start's steps, callable from a test with any <see cref="PortalClient"/>.</summary>
public static class QuickStartRun
{
    /// <summary>Runs the quick start and returns the process exit code: 0 on success, 1 on an API error.</summary>
    public static async Task<int> RunAsync(PortalClient client, TextWriter output, CancellationToken ct)
    {
        try
        {
            // 1. Search the catalog: one page of products whose sku, name or description mention "screw".
            output.WriteLine("Products matching \"screw\":");
            var page = await client.Products.ListAsync(q: "screw", limit: 10, cancellationToken: ct);
            foreach (var product in page.Items)
            {
                output.WriteLine($"  {product.Sku,-14} {product.Name,-40} GTIN {product.Gtin ?? "-"}");
            }
            if (page.NextCursor is not null)
            {
                output.WriteLine("  ... more on the next page (or use Products.ListAllAsync).");
            }

            // 2. The categories with their product counts.
            output.WriteLine("Categories:");
            foreach (var category in await client.Categories.ListAsync(cancellationToken: ct))
            {
                output.WriteLine($"  {category.Category,-24} {category.ProductCount,5} products");
            }

            // 3. Look a barcode up. The API stores GTINs as 14 digits; a scanner reading an EAN-13 sends
            //    13 (no leading zero), and the lookup accepts both.
            var withGtin = page.Items.FirstOrDefault(p => !string.IsNullOrEmpty(p.Gtin));
            if (withGtin?.Gtin is { } gtin)
            {
                var scanned = gtin.TrimStart('0');
                var found = await client.Products.GetByGtinAsync(scanned, cancellationToken: ct);
                output.WriteLine($"Barcode {scanned} is {found.Sku} ({found.Name}), {found.StockQuantity} {found.Unit} in stock.");
            }
            else
            {
                output.WriteLine("No product of the search has a GTIN to look up.");
            }

            // 4. Price a small cart at the account's own prices (customer price, contract, tier, group
            //    discount or list price), with the list price and the saving. Supplier-side callers name
            //    the account with PortalClientOptions.CustomerId.
            var me = await client.Me.GetAsync(cancellationToken: ct);
            if (me.Customer is null)
            {
                output.WriteLine("Signed in on the supplier side without an account: set CustomerId to price and order.");
                return 0;
            }
            var lines = page.Items.Take(3).Select(p => new PriceCalculationLineRequest { Sku = p.Sku, Quantity = 12 }).ToList();
            var prices = await client.Pricing.CalculateAsync(body: new PriceCalculationRequest { Lines = lines }, cancellationToken: ct);
            output.WriteLine($"Prices for {me.Customer.Name} ({prices.Currency}):");
            foreach (var line in prices.Lines)
            {
                output.WriteLine(line.Error is null
                    ? $"  {line.Sku,-10} {line.Quantity,4} x {line.UnitPrice,10:0.00} (list {line.ListPrice:0.00}, {line.Source}) = {line.LineTotal:0.00}"
                    : $"  {line.Sku,-10} cannot be priced: {line.Error.Code}");
            }

            // 5. Place the order. The SDK sends an Idempotency-Key, so a retry can never order twice.
            var priced = prices.Lines.Where(l => l.Error is null).Select(l => new CartLineInput { Sku = l.Sku!, Quantity = l.Quantity ?? 0m }).ToList();
            var order = await client.Orders.CreateAsync(body: new CreateOrderRequest { Lines = priced, CustomerReference = "QUICKSTART" }, cancellationToken: ct);

            // 6. Read it back: prices, cost centers and address are fixed on the order.
            var placed = await client.Orders.GetAsync(order.Id, cancellationToken: ct);
            output.WriteLine($"Order {placed.Number}: {placed.Status}, {placed.Lines.Count} lines, total {placed.Total:0.00} {placed.Currency}.");
            return 0;
        }
        catch (PortalApiException e)
        {
            output.WriteLine($"The API answered {e.Status} {e.Type}: {e.Detail ?? e.Title ?? e.Message}");
            if (e.RequestId is not null)
            {
                output.WriteLine($"Request id (quote it to support): {e.RequestId}");
            }
            return 1;
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"Could not reach the API at {client.BaseUri}: {e.Message}");
            return 1;
        }
    }
}
