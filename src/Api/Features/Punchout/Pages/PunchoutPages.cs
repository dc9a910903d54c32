using Portal.Api.Features.Catalog;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Features.Punchout.Pages;

/// <summary>The browser's request as the pages see it: the session cookie and the CSP nonce of this response.</summary>
public sealed record PageRequest(string? Cookie, string Nonce);

/// <summary>
/// Builds the page models of the punchout catalog (catalog, product, cart, transfer): reads the session,
/// the catalog and the account's prices. The Razor components only show what it returns.
/// </summary>
public sealed class PunchoutPages(PortalDbContext db, PunchoutSessionService sessions, CatalogService catalog, PriceCalculationService pricing)
{
    public const int PageSize = 24;

    public async Task<CatalogPageModel> CatalogAsync(PageRequest request, string? q, string? category, string? cursor, CancellationToken cancellationToken)
    {
        var session = await sessions.CurrentAsync(request.Cookie, tracking: false, cancellationToken);
        var categories = await catalog.ListCategoriesAsync(cancellationToken);
        Infrastructure.Paging.Page<ProductDto> page;
        try
        {
            page = await catalog.ListAsync(q, category, PageSize, cursor, cancellationToken, forCustomer: session.CustomerId);
        }
        catch (RequestValidationException)
        {
            page = await catalog.ListAsync(q, category, PageSize, null, cancellationToken, forCustomer: session.CustomerId);
        }
        var products = await PriceAsync(session, page.Items, cancellationToken);
        var links = categories.Select(c => new CategoryLink(c.Category, c.ProductCount,
            string.Equals(c.Category, category, StringComparison.OrdinalIgnoreCase),
            "/punchout/session/catalog?category=" + Uri.EscapeDataString(c.Category))).ToList();
        var next = page.NextCursor is null ? null : "/punchout/session/catalog?" + Query(("q", q), ("category", category), ("cursor", page.NextCursor));
        return new CatalogPageModel(await ShellAsync(request, session, "Catalog", q, null, cancellationToken), Forms(session), q,
            string.IsNullOrEmpty(category), session.DroppedLines, links, products, next);
    }

    public async Task<ProductPageModel> ProductAsync(PageRequest request, string sku, CancellationToken cancellationToken)
    {
        var session = await sessions.CurrentAsync(request.Cookie, tracking: false, cancellationToken);
        var (product, _) = await catalog.GetAsync(sku, cancellationToken, forCustomer: session.CustomerId);
        var priced = await PriceAsync(session, [product], cancellationToken);
        return new ProductPageModel(await ShellAsync(request, session, product.Name, null, null, cancellationToken), Forms(session), priced[0]);
    }

    public async Task<CartPageModel> CartAsync(PageRequest request, string? added, CancellationToken cancellationToken)
    {
        var session = await sessions.CurrentAsync(request.Cookie, tracking: false, cancellationToken);
        var cart = await sessions.PriceAsync(session, cancellationToken);
        var notice = string.IsNullOrEmpty(added) ? null : $"Added to your cart: {added}";
        return new CartPageModel(await ShellAsync(request, session, "Cart", null, notice, cancellationToken), Forms(session), cart);
    }

    /// <summary>Ends the session and returns the page whose form carries the cart (or nothing, on cancel) back.</summary>
    public async Task<TransferPageModel> TransferAsync(PageRequest request, string? formToken, bool cancel, string host, CancellationToken cancellationToken)
    {
        var session = await sessions.CurrentAsync(request.Cookie, tracking: true, cancellationToken);
        PunchoutSessionService.RequireFormToken(session, formToken);
        var form = await sessions.TransferAsync(session, cancel, host, cancellationToken);
        return new TransferPageModel(new PageShell(cancel ? "Cancelled" : "Transfer", request.Nonce, ReturnUrl: session.ReturnUrl),
            cancel ? "Returning without items" : "Returning your cart", form);
    }

    private async Task<IReadOnlyList<PricedProduct>> PriceAsync(PunchoutSession session, IReadOnlyList<ProductDto> products, CancellationToken cancellationToken)
    {
        // The one call into pricing: a price for one unit of each product.
        var priced = await pricing.PriceLinesAsync(session.CustomerId, null, pricing.Today, products.Select(p => (p.Sku, 1m)).ToList(), cancellationToken);
        var result = products.Select((p, i) => new PricedProduct(p, priced.Lines[i].Price, priced.Lines[i].Error, priced.Currency)).ToList();
        // A very cheap item cannot be bought one at a time (the line would round to 0): show its price for the
        // smallest quantity that can be bought (10, 100, …), which the page writes per price unit (0.35 EUR / 100 BX).
        for (var quantity = 10m; quantity <= Portal.Punchout.Money.CurrencyAmounts.MaxPriceUnit; quantity *= 10)
        {
            var tooSmall = result.Select((r, i) => (r, i)).Where(x => x.r.Error?.Code == PriceErrorCodes.InvalidQuantity).ToList();
            if (tooSmall.Count == 0)
            {
                break;
            }
            var again = await pricing.PriceLinesAsync(session.CustomerId, null, pricing.Today, tooSmall.Select(x => (x.r.Product.Sku, quantity)).ToList(), cancellationToken);
            for (var j = 0; j < tooSmall.Count; j++)
            {
                result[tooSmall[j].i] = tooSmall[j].r with { Price = again.Lines[j].Price, Error = again.Lines[j].Error };
            }
        }
        return result;
    }

    private async Task<PageShell> ShellAsync(PageRequest request, PunchoutSession session, string title, string? query, string? notice, CancellationToken cancellationToken)
    {
        var account = await db.Customers.AsNoTracking().Where(c => c.Id == session.CustomerId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);
        return new PageShell(title, request.Nonce, new PageHeader(account, user, session.Lines.Count, query), notice, session.ReturnUrl);
    }

    private static PageForms Forms(PunchoutSession session) => new(session.FormToken, session.Operation, session.Protocol);

    private static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}
