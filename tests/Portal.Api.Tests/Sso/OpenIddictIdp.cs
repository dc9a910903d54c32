using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// A customer's OpenID provider built on OpenIddict (a second OpenIddict server, beside Portal's own), on a real
/// Kestrel port: discovery, JWKS, the authorization endpoint (signs in whoever <see cref="NextUser"/> names, as
/// the IdP's login page would) and the token endpoint, with the relying party registered as a confidential
/// client (secret, redirect URI, PKCE required) in OpenIddict's EF Core store on an in-memory SQLite database.
/// ID tokens are OpenIddict's own (RS256, its key id, nonce, audience, issuer). <see cref="MiniOidcProvider"/>
/// stays for the malformed tokens (alg none, HS256, …) that a correct provider never issues.
/// </summary>
public sealed class OpenIddictIdp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SqliteConnection _database;

    private sealed class IdpDb(DbContextOptions<IdpDb> options) : DbContext(options);

    public OpenIddictIdp(string clientId, string clientSecret, string redirectUriPrefix)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        _database = new SqliteConnection($"Data Source=idp-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
        _database.Open();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<IdpDb>(options =>
        {
            options.UseSqlite(_database);
            options.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdpDb>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("authorize").SetTokenEndpointUris("token");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.Email, Scopes.Profile);
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication();
        _app = builder.Build();
        _app.UseAuthentication();

        // The IdP's login: here whoever the test names signs in at once.
        _app.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            var (email, groups) = NextUser;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, "sub-" + email).SetClaim(Claims.Email, email).SetClaim(Claims.Name, "Entra " + email);
            identity.SetClaims("groups", [.. groups]);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        // The code was checked by OpenIddict (client secret, redirect URI, PKCE verifier, single use): issue the tokens.
        _app.MapPost("/token", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(result.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Issuer = _app.Urls.First().TrimEnd('/') + "/";
        // Ready once it has answered its discovery document: that first answer compiles OpenIddict's pipeline, which on
        // a busy 2-core machine can take longer than the 10 s Portal gives an identity provider's answer.
        using (var warmUp = new HttpClient { Timeout = TimeSpan.FromSeconds(120) })
        {
            warmUp.GetAsync(Issuer + ".well-known/openid-configuration").GetAwaiter().GetResult().EnsureSuccessStatusCode();
        }

        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IdpDb>().Database.EnsureCreated();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        RedirectUriPrefix = redirectUriPrefix;
        applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { new Uri(redirectUriPrefix) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        }).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The issuer OpenIddict announces (with its trailing slash).</summary>
    public string Issuer { get; }

    public string ClientId { get; }

    public string ClientSecret { get; }

    public string RedirectUriPrefix { get; }

    public (string Email, string[] Groups) NextUser { get; set; } = ("nobody@example.invalid", []);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
