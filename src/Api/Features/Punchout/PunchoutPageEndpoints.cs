using Portal.Api.Features.Punchout.Pages;
using static Portal.Api.Features.Punchout.Pages.PageResults;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// The catalog pages under <c>/punchout/session/</c> for the buyer's browser, the same for every punchout
/// protocol. Endpoints read the request and call services; the page-model service (<see cref="PunchoutPages"/>)
/// builds what the Razor components in Pages/ show.
/// </summary>
public static class PunchoutPageEndpoints
{
    public static IEndpointRouteBuilder MapPunchoutPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/punchout/session").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        pages.MapGet("/catalog", CatalogAsync);
        pages.MapGet("/products/{sku}", ProductAsync);
        pages.MapGet("/cart", CartAsync);
        pages.MapPost("/cart/lines", AddLineAsync);
        pages.MapPost("/cart/lines/{lineId:guid}", UpdateLineAsync);
        pages.MapPost("/quote", LoadQuoteAsync);
        pages.MapPost("/transfer", (HttpContext context, PunchoutPages pages, IOptions<PortalOptions> options) => SendBackAsync(context, pages, options, cancel: false));
        pages.MapPost("/cancel", (HttpContext context, PunchoutPages pages, IOptions<PortalOptions> options) => SendBackAsync(context, pages, options, cancel: true));
        pages.MapGet("/{token}", StartAsync);
        return app;
    }

    /// <summary>The StartPage: sets the session cookie and lands on the catalog, a search (<paramref name="q"/>) or a product's page.</summary>
    private static Task<IResult> StartAsync(string token, string? product, string? q, HttpContext context, PunchoutSessionService sessions) =>
        RunAsync(context, async () =>
        {
            var browserToken = await sessions.StartAsync(token, context.RequestAborted);
            var https = context.Request.IsHttps;
            context.Response.Cookies.Append(PunchoutSessionService.CookieName, browserToken, new CookieOptions
            {
                HttpOnly = true,
                Secure = https,
                // Buyer systems may show the catalog in a frame of their own site: that needs SameSite=None (and https).
                SameSite = https ? SameSiteMode.None : SameSiteMode.Lax,
                Path = "/punchout/session",
                IsEssential = true,
            });
            return Results.Redirect(!string.IsNullOrWhiteSpace(product) && product.Length <= 64
                ? "/punchout/session/products/" + Uri.EscapeDataString(product.Trim())
                : !string.IsNullOrWhiteSpace(q) && q.Length <= 200 ? "/punchout/session/catalog?q=" + Uri.EscapeDataString(q.Trim()) : "/punchout/session/catalog");
        });

    private static Task<IResult> CatalogAsync(HttpContext context, PunchoutPages pages, string? q, string? category, string? cursor) =>
        RunAsync(context, async () =>
        {
            var model = await pages.CatalogAsync(Request(context), q, category, cursor, context.RequestAborted);
            return Page<CatalogPage>(context, model.Shell, model);
        });

    private static Task<IResult> ProductAsync(string sku, HttpContext context, PunchoutPages pages) =>
        RunAsync(context, async () =>
        {
            var model = await pages.ProductAsync(Request(context), sku, context.RequestAborted);
            return Page<ProductPage>(context, model.Shell, model);
        });

    private static Task<IResult> CartAsync(HttpContext context, PunchoutPages pages, string? added) =>
        RunAsync(context, async () =>
        {
            var model = await pages.CartAsync(Request(context), added, context.RequestAborted);
            return Page<CartPage>(context, model.Shell, model);
        });

    private static Task<IResult> AddLineAsync(HttpContext context, PunchoutSessionService sessions) =>
        RunAsync(context, async () =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var session = await sessions.CurrentAsync(Request(context).Cookie, tracking: true, context.RequestAborted);
            PunchoutSessionService.RequireFormToken(session, form["formToken"]);
            var name = await sessions.AddLineAsync(session, form["sku"], form["quantity"], context.RequestAborted);
            return SeeOther("/punchout/session/cart?added=" + Uri.EscapeDataString(name));
        });

    private static Task<IResult> UpdateLineAsync(Guid lineId, HttpContext context, PunchoutSessionService sessions) =>
        RunAsync(context, async () =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var session = await sessions.CurrentAsync(Request(context).Cookie, tracking: true, context.RequestAborted);
            PunchoutSessionService.RequireFormToken(session, form["formToken"]);
            // "Remove" sends quantity=0 as the button's value after the field's: the last value wins.
            await sessions.UpdateLineAsync(session, lineId, form["quantity"].LastOrDefault(), context.RequestAborted);
            return SeeOther("/punchout/session/cart");
        });

    /// <summary>"Load quote": the cart becomes the offered quote's lines at its prices (form field <c>quote</c>: the quote number).</summary>
    private static Task<IResult> LoadQuoteAsync(HttpContext context, PunchoutSessionService sessions) =>
        RunAsync(context, async () =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var session = await sessions.CurrentAsync(Request(context).Cookie, tracking: true, context.RequestAborted);
            PunchoutSessionService.RequireFormToken(session, form["formToken"]);
            var loaded = await sessions.LoadQuoteAsync(session, form["quote"], context.RequestAborted);
            return SeeOther("/punchout/session/cart?added=" + Uri.EscapeDataString($"Quote {loaded.Condition}"));
        });

    private static Task<IResult> SendBackAsync(HttpContext context, PunchoutPages pages, IOptions<PortalOptions> options, bool cancel) =>
        RunAsync(context, async () =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var host = new Uri(PublicUrls.Base(options.Value, context)).Host;
            var model = await pages.TransferAsync(Request(context), form["formToken"], cancel, host, context.RequestAborted);
            return Page<TransferPage>(context, model.Shell, model);
        });

    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
