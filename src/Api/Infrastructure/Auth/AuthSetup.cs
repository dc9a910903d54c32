using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using Portal.Api.Infrastructure.Data;

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
                server.AllowClientCredentialsFlow();
                server.DisableAccessTokenEncryption();
                var lifetime = portal.Tokens.AccessTokenLifetime;
                server.SetAccessTokenLifetime(lifetime > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : lifetime);
                server.RegisterScopes("api");
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
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
        services.AddScoped<BootstrapClientProvisioner>();
        services.AddScoped<Features.ApiClients.PortalApplicationManager>();
        services.AddScoped<CallerContext>();
        services.AddSingleton<CallerCache>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();

        services.AddSingleton<ValidatedTokenCache>();
        services.AddAuthentication(CachedBearerHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CachedBearerHandler>(CachedBearerHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(CachedBearerHandler.SchemeName)
                .RequireAuthenticatedUser().Build())
            // Endpoints without their own policy still need a token (defence in depth).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(CachedBearerHandler.SchemeName)
                .RequireAuthenticatedUser().Build());
        return services;
    }
}
