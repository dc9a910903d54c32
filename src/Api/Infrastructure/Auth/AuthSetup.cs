using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;

namespace Portal.Api.Infrastructure.Auth;

public static class AuthSetup
{
    /// <summary>
    /// OpenIddict as the OAuth 2.0 server (client credentials at /connect/token) and as the validator of
    /// its own access tokens on /api. Access tokens are signed JWTs (not encrypted) so integrators can
    /// inspect them; keys come from the database (<see cref="TokenKeyStore"/>).
    /// </summary>
    public static IServiceCollection AddPortalAuth(this IServiceCollection services, PortalOptions portal)
    {
        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<PortalDbContext>();
                core.ReplaceApplicationManager<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication, Features.ApiClients.PortalApplicationManager>();
            })
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token");
                // People: authorization code + PKCE for registered apps, federated to the account's IdP (Features/Sso).
                server.SetAuthorizationEndpointUris("connect/authorize");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.AllowRefreshTokenFlow();
                // Refresh tokens rotate: each one is redeemed once, a reuse revokes the chain.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // The public keys, for integrators who verify tokens themselves and to see a rotation coming.
                server.SetJsonWebKeySetEndpointUris(".well-known/jwks");
                server.AllowClientCredentialsFlow();
                server.DisableAccessTokenEncryption();
                var lifetime = portal.Tokens.AccessTokenLifetime;
                server.SetAccessTokenLifetime(lifetime > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : lifetime);
                server.RegisterScopes("api", OpenIddict.Abstractions.OpenIddictConstants.Scopes.Email, OpenIddict.Abstractions.OpenIddictConstants.Scopes.Profile);
                // One issuer for every instance, whatever host name a client used to reach it.
                if (Uri.TryCreate(portal.PublicBaseUrl, UriKind.Absolute, out var issuer))
                {
                    server.SetIssuer(issuer);
                }
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough();
                if (!portal.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, TokenKeyStore>();
        // The key ring that protects the token keys (and anything else protected) at rest, shared by all
        // instances through the database; encrypted with a certificate when one is configured (ADR 0007).
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToDbContext<PortalDbContext>();
        if (portal.DataProtection.CertificatePath is { Length: > 0 } certificatePath)
        {
            dataProtection.ProtectKeysWithCertificate(
                System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(certificatePath, portal.DataProtection.CertificatePassword));
        }
        services.AddScoped<BootstrapClientProvisioner>();
        services.AddScoped<Features.ApiClients.PortalApplicationManager>();
        services.AddScoped<CallerContext>();
        services.AddScoped<CallerLoader>();
        services.AddScoped<ActAs>();
        services.AddSingleton<CallerCache>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();

        services.AddSingleton<ValidatedTokenCache>();
        var authentication = services.AddAuthentication(CachedBearerHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CachedBearerHandler>(CachedBearerHandler.SchemeName, _ => { });
        Features.Sso.SsoSession.Add(authentication);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(CachedBearerHandler.SchemeName)
                .RequireAuthenticatedUser().Build())
            // Endpoints without their own policy still need a token (defence in depth).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(CachedBearerHandler.SchemeName)
                .RequireAuthenticatedUser().Build());
        return services;
    }
}
