using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Portal.Api.Features.Sso;

/// <summary>
/// The browser session a federated login leaves behind: an HttpOnly, SameSite=Lax cookie (encrypted by
/// Data Protection) naming the user and account. <c>/connect/authorize</c> issues codes from it, and the
/// catalog and approval pages can use it; it never authenticates /api (that needs a bearer token).
/// </summary>
public static class SsoSession
{
    public const string Scheme = "PortalSso";
    public const string UserClaim = "portal_user";
    public const string CustomerClaim = "customer_id";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static void Add(AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "portal.sso";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = Lifetime;
            options.SlidingExpiration = false;
            // No login page to send anyone to: an unauthenticated page answers 401.
            options.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            options.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });

    public static Task SignInAsync(HttpContext context, SsoLoginResult login) =>
        context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(UserClaim, login.UserId.ToString()), new Claim(CustomerClaim, login.CustomerId.ToString()), new Claim(ClaimTypes.Email, login.Email)],
            Scheme)));

    /// <summary>The signed-in user and account, when the browser has a session.</summary>
    public static async Task<(Guid UserId, Guid CustomerId)?> CurrentAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (result.Succeeded
            && Guid.TryParse(result.Principal.FindFirst(UserClaim)?.Value, out var user)
            && Guid.TryParse(result.Principal.FindFirst(CustomerClaim)?.Value, out var customer))
        {
            return (user, customer);
        }
        return null;
    }
}
