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

        if (!request.IsClientCredentialsGrantType())
        {
            return Reject(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken);
        var clientId = application is null ? null : await applications.GetClientIdAsync(application, cancellationToken);
        var caller = clientId is null ? null : await callers.ByClientIdAsync(clientId, cancellationToken);
        if (caller is null)
        {
            // Revoked, its user deactivated, or its account closed.
            return Reject(Errors.InvalidClient, "The client is not active.");
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

    private ForbidResult Reject(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
