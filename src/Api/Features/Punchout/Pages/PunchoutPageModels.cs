using Portal.Api.Features.Catalog;
using Portal.Api.Features.Pricing;
using Portal.Punchout.Sessions;

namespace Portal.Api.Features.Punchout.Pages;

/// <summary>What every page needs: its title, the CSP nonce of its inline style and script, and the header (null: none).</summary>
/// <remarks><see cref="ReturnUrl"/> is not shown: the buyer system's origin goes into the CSP (form-action, frame-ancestors).</remarks>
public sealed record PageShell(string Title, string Nonce, PageHeader? Header = null, string? Notice = null, string? ReturnUrl = null);

/// <summary>The header of a session page: search, who is shopping, and the cart link.</summary>
public sealed record PageHeader(string? AccountName, string? UserName, int CartLines, string? Query);

/// <summary>The session's state the forms need: the form token and whether the cart may change.</summary>
public sealed record PageForms(string FormToken, string Operation, string Protocol = Portal.Punchout.Sessions.PunchoutProtocols.Cxml)
{
    public bool ReadOnly => Operation == "inspect";

    /// <summary>The SSO shop (<c>/shop</c>): the cart is saved in Portal, there is no procurement system to return to.</summary>
    public bool Shop => Protocol == Portal.Punchout.Sessions.PunchoutProtocols.Shop;
}

/// <summary>A product with the account's price for one unit (or why there is none).</summary>
public sealed record PricedProduct(ProductDto Product, ResolvedPrice? Price, PriceError? Error, string Currency);

public sealed record CategoryLink(string Name, int ProductCount, bool Current, string Url);

public sealed record CatalogPageModel(PageShell Shell, PageForms Forms, string? Query, bool AllCurrent, int DroppedLines,
    IReadOnlyList<CategoryLink> Categories, IReadOnlyList<PricedProduct> Products, string? NextUrl);

public sealed record ProductPageModel(PageShell Shell, PageForms Forms, PricedProduct Item);

public sealed record CartPageModel(PageShell Shell, PageForms Forms, PricedCart Cart);

/// <summary>The auto-submitting form that carries the cart back to the buyer system (see <see cref="ICartTransfer"/>).</summary>
public sealed record TransferPageModel(PageShell Shell, string Heading, CartTransferForm Form);

public sealed record ErrorPageModel(PageShell Shell, string Message, bool BackToCart);

/// <summary>The shop's sign-in page: the work e-mail finds the account's identity provider (<c>/sso/login</c>).</summary>
public sealed record ShopSignInPageModel(PageShell Shell, string ReturnUrl);

/// <summary>The shop's cart, saved in Portal.</summary>
public sealed record ShopSavedPageModel(PageShell Shell, Portal.Api.Features.Ordering.CartDto Cart);
