using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Portal.Api.Features.ApiClients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Api.Features.Sso;

/// <summary>
/// <c>/connect/authorize</c> (authorization code + PKCE; OpenIddict has checked the client, the redirect URI
/// and the code challenge when this runs). An app belongs to one account; the login goes to that account's
/// IdP. <c>login_hint</c> (e-mail domain) or <c>acr_values=tenant:{customerId}</c> may name the account and
/// must then name the app's own. With a session from a completed federated login for that account, the code
/// is issued at once; otherwise the browser goes to the IdP and comes back here.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
[AllowAnonymous]
[Asp.Versioning.ApiVersionNeutral]
public sealed class AuthorizeController(PortalDbContext db, SsoLoginService logins, TenantScope tenant) : ControllerBase
{
    [HttpGet("~/connect/authorize")]
    public async Task<IActionResult> AuthorizeAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        var app = await db.ApiClients.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.ClientId == request.ClientId && c.RevokedAt == null, cancellationToken);
        if (app is not { CustomerId: { } customerId } || app.Type == ApiClientTypes.Machine)
        {
            return Reject(Errors.UnauthorizedClient, "The client is not an app of a customer account.");
        }
        Guid? named = null;
        foreach (var acr in request.GetAcrValues())
        {
            if (acr.StartsWith("tenant:", StringComparison.Ordinal))
            {
                named = Guid.TryParse(acr["tenant:".Length..], out var id) ? id : Guid.Empty;
            }
        }
        named ??= await logins.AccountForEmailAsync(request.LoginHint, cancellationToken);
        if (named is { } hinted && hinted != customerId)
        {
            return Reject(Errors.AccessDenied, "The login hint names another account than the app's.");
        }
        if (!await db.SsoConnections.AnyAsync(c => c.CustomerId == customerId, cancellationToken))
        {
            return Reject(Errors.AccessDenied, "The app's account has no single sign-on set up.");
        }

        var session = await SsoSession.CurrentAsync(HttpContext);
        var forceLogin = request.HasPromptValue(PromptValues.Login);
        if (session is { } current && current.CustomerId == customerId && !forceLogin)
        {
            tenant.ForCustomer(customerId);
            var user = await db.Users.AsNoTracking().Where(u => u.Id == current.UserId && u.CustomerId == customerId && u.Active)
                .Select(u => new { u.Id, u.Email, u.Name }).FirstOrDefaultAsync(cancellationToken);
            if (user is null)
            {
                await HttpContext.SignOutAsync(SsoSession.Scheme);
                return Reject(Errors.AccessDenied, "The user is deactivated.");
            }
            var identity = UserTokens.Identity(request.ClientId!, customerId, user.Id, user.Email, user.Name);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(UserTokens.Destinations);
            return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        if (forceLogin)
        {
            await HttpContext.SignOutAsync(SsoSession.Scheme);
        }
        // Come back to this very request without prompt=login, so that the session is used.
        var parameters = request.GetParameters()
            .Where(p => p.Key != Parameters.Prompt)
            .Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value));
        var returnUrl = Request.PathBase + Request.Path + Microsoft.AspNetCore.Http.QueryString.Create(parameters).ToUriComponent();
        return Redirect(await logins.StartAsync(HttpContext, customerId, returnUrl, request.LoginHint, cancellationToken));
    }

    private ForbidResult Reject(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}

/// <summary>The claims of a user token: the app's client id, the user and the account. Roles are read per request.</summary>
public static class UserTokens
{
    public static ClaimsIdentity Identity(string clientId, Guid customerId, Guid userId, string email, string name)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, userId.ToString());
        identity.SetClaim(Claims.ClientId, clientId);
        identity.SetClaim(SsoSession.UserClaim, userId.ToString());
        identity.SetClaim(SsoSession.CustomerClaim, customerId.ToString());
        identity.SetClaim(Claims.Email, email);
        identity.SetClaim(Claims.Name, name);
        return identity;
    }

    public static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        Claims.Name or Claims.Email => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.Subject => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        _ => [OpenIddictConstants.Destinations.AccessToken],
    };
}
