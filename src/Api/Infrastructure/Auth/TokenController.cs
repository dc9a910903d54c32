using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// OAuth 2.0 token endpoint (RFC 6749 §4.4, client credentials). OpenIddict has already authenticated the
/// client (secret hashed at rest, compared in constant time) when this runs; here the token's claims are
/// chosen. Errors follow RFC 6749 §5.2 (<c>{"error": ...}</c>), which OAuth client libraries expect.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
[AllowAnonymous]
[Asp.Versioning.ApiVersionNeutral]
public sealed class TokenController(IOpenIddictApplicationManager applications) : ControllerBase
{
    [HttpPost("~/connect/token")]
    [IgnoreAntiforgeryToken]
    [Produces("application/json")]
    public async Task<IActionResult> ExchangeAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");

        if (!request.IsClientCredentialsGrantType())
        {
            return Reject(Error(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported."));
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken);
        if (application is null)
        {
            return Reject(Error(Errors.InvalidClient, "The client is not known."));
        }

        var identity = new ClaimsIdentity(
            TokenValidationParameters.DefaultAuthenticationType,
            Claims.Name,
            Claims.Role);
        var clientId = (await applications.GetClientIdAsync(application, cancellationToken))!;
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetClaim(Claims.ClientId, clientId);
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, cancellationToken) ?? clientId);
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        identity.SetClaims(Claims.Role, [.. ApiClientRoles.Get(properties)]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken]);

        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static AuthenticationProperties Error(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });

    private ForbidResult Reject(AuthenticationProperties properties) =>
        Forbid(properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
