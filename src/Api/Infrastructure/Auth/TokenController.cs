using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// OAuth 2.0 token endpoint (RFC 6749 §4.4, client credentials). OpenIddict has already authenticated the
/// client (secret hashed at rest, compared in constant time) when this runs; here the token's claims are
/// chosen. The token names the client only: roles are read per request (<see cref="CallerMiddleware"/>),
/// so changes and revocations apply at once. Errors follow RFC 6749 §5.2 (<c>{"error": ...}</c>).
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
[AllowAnonymous]
[Asp.Versioning.ApiVersionNeutral]
public sealed class TokenController(IOpenIddictApplicationManager applications, PortalDbContext db, CallerLoader callers, TimeProvider clock) : ControllerBase
{
    [HttpPost("~/connect/token")]
    [IgnoreAntiforgeryToken]
    [Produces("application/json")]
    public async Task<IActionResult> ExchangeAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            return await UserTokenAsync(request, cancellationToken);
        }
        if (!request.IsClientCredentialsGrantType())
        {
            return Reject(Errors.UnsupportedGrantType, "Supported grants: client_credentials, authorization_code, refresh_token.");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken);
        var clientId = application is null ? null : await applications.GetClientIdAsync(application, cancellationToken);
        var caller = clientId is null ? null : await callers.ByClientIdAsync(clientId, cancellationToken);
        if (caller is null)
        {
            // Revoked, its user deactivated, or its account closed.
            return Reject(Errors.InvalidClient, "The client is not active.");
        }
        if (caller.CustomerId is { } account && await db.SsoConnections.AnyAsync(c => c.CustomerId == account && c.RequireSso, cancellationToken))
        {
            // The account requires single sign-on: user tokens come only from a federated login.
            return Reject(Errors.UnauthorizedClient, "The account requires single sign-on: sign the user in through /connect/authorize.");
        }
        await db.ApiClients.IgnoreQueryFilters().Where(c => c.ClientId == clientId)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.LastUsedAt, clock.GetUtcNow()), cancellationToken);

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetClaim(Claims.ClientId, clientId);
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application!, cancellationToken) ?? clientId);
        // Informational (the API re-reads roles on every request).
        identity.SetClaims(Claims.Role, [.. caller.SupplierRoles.Concat(caller.Assignments.Select(a => a.Role)).Distinct()]);
        if (caller.CustomerId is { } customerId)
        {
            identity.SetClaim("customer_id", customerId.ToString());
        }
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken]);

        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Authorization code and refresh token grants (OpenIddict has validated the code or refresh token, its
    /// client and the PKCE verifier): the user and app are checked again, so a deactivated user or a revoked
    /// app gets no new token; refresh tokens rotate (each is redeemed once).
    /// </summary>
    private async Task<IActionResult> UserTokenAsync(OpenIddictRequest request, CancellationToken cancellationToken)
    {
        var result = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        if (principal is null
            || !Guid.TryParse(principal.GetClaim(Features.Sso.SsoSession.UserClaim), out var userId)
            || !Guid.TryParse(principal.GetClaim(Features.Sso.SsoSession.CustomerClaim), out var customerId))
        {
            return Reject(Errors.InvalidGrant, "The grant is not valid.");
        }
        var caller = await callers.ByUserTokenAsync(request.ClientId!, userId, cancellationToken);
        if (caller is null || caller.CustomerId != customerId)
        {
            return Reject(Errors.InvalidGrant, "The user is deactivated or the app revoked.");
        }
        var user = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Email, u.Name }).FirstAsync(cancellationToken);
        var identity = Features.Sso.UserTokens.Identity(request.ClientId!, customerId, userId, user.Email, user.Name);
        identity.SetClaims(Claims.Role, [.. caller.Assignments.Select(a => a.Role).Distinct()]);
        identity.SetScopes(principal.GetScopes());
        identity.SetDestinations(Features.Sso.UserTokens.Destinations);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private ForbidResult Reject(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
