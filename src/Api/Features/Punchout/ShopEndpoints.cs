using Portal.Api.Features.Ordering;
using Portal.Api.Features.Punchout.Pages;
using Portal.Api.Features.Sso;
using static Portal.Api.Features.Punchout.Pages.PageResults;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// <c>/shop</c>: the catalog pages for a person signed in with the account's identity provider (the browser
/// session of <see cref="SsoSession"/>, docs/sso.md), without a procurement system in between. Entering opens a
/// session of the <c>shop</c> protocol on the same pages and prices as a punchout; "Save the cart in Portal"
/// keeps the cart as the user's Portal cart (<c>/api/v1/carts</c>), which an app or the API then orders
/// (approvals and budgets apply there). Without a session the page asks for the work e-mail and signs in first.
/// </summary>
public static class ShopEndpoints
{
    public static IEndpointRouteBuilder MapShop(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/shop").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        group.MapGet("", EnterAsync);
        group.MapGet("/carts/{id:guid}", SavedAsync);
        // The transfer page posts the browser on: answer with the page's address (no data comes with it).
        group.MapPost("/carts/{id:guid}", (Guid id) => Results.Redirect($"/shop/carts/{id}"));
        group.MapPost("", () => Results.Redirect("/shop"));
        return app;
    }

    private static Task<IResult> EnterAsync(HttpContext context, PunchoutSessionService sessions, string? product, string? q) =>
        RunAsync(context, async () =>
        {
            if (await SsoSession.CurrentAsync(context) is not { } signedIn)
            {
                return SignIn(context, "/shop");
            }
            var token = await sessions.OpenShopAsync(signedIn.CustomerId, signedIn.UserId, context.RequestAborted);
            var query = !string.IsNullOrWhiteSpace(product) && product.Length <= 64 ? "?product=" + Uri.EscapeDataString(product.Trim())
                : !string.IsNullOrWhiteSpace(q) && q.Length <= 200 ? "?q=" + Uri.EscapeDataString(q.Trim()) : string.Empty;
            return Results.Redirect("/punchout/session/" + token + query);
        });

    /// <summary>The saved cart, priced live, for its owner only (another user's or account's cart: not found).</summary>
    private static Task<IResult> SavedAsync(Guid id, HttpContext context, PunchoutBuyers buyers, CartService carts) =>
        RunAsync(context, async () =>
        {
            if (await SsoSession.CurrentAsync(context) is not { } signedIn)
            {
                return SignIn(context, $"/shop/carts/{id}");
            }
            await buyers.ActAsAsync(signedIn.CustomerId, signedIn.UserId, context.RequestAborted);
            var cart = await carts.GetAsync(id, context.RequestAborted);
            if (cart.UserId != signedIn.UserId)
            {
                throw new NotFoundException("No such cart.");
            }
            var shell = new PageShell("Cart saved", Request(context).Nonce);
            return Page<ShopSavedPage>(context, shell, new ShopSavedPageModel(shell, cart));
        });

    private static IResult SignIn(HttpContext context, string returnUrl)
    {
        var shell = new PageShell("Sign in", Request(context).Nonce);
        return Page<ShopSignInPage>(context, shell, new ShopSignInPageModel(shell, returnUrl), StatusCodes.Status401Unauthorized);
    }
}
