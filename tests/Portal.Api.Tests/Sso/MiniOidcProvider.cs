using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// A customer's OpenID provider on a real Kestrel port: discovery, JWKS, an authorization endpoint that
/// signs in whoever <see cref="NextUser"/> names, and a token endpoint that checks the client secret and the
/// PKCE verifier and answers an ID token. How the ID token is made can be switched to the attacks
/// (<see cref="Mode"/>): alg none, HS256 with the client secret, another issuer, another nonce.
/// </summary>
public sealed class MiniOidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Challenge, string Nonce, string Email, string[] Groups, string RedirectUri)> _codes = new();
    private readonly List<RsaSecurityKey> _keys = [];

    public MiniOidcProvider(string clientId, string clientSecret)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        Rotate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _app.MapGet("/jwks", () =>
        {
            JwksFetches++;
            var keys = _keys.Select(k => JsonWebKeyConverter.ConvertFromRSASecurityKey(k)).Select(j => new { kty = j.Kty, kid = j.Kid, use = "sig", alg = "RS256", n = j.N, e = j.E });
            return Results.Json(new { keys });
        });
        _app.MapGet("/authorize", (HttpContext context) =>
        {
            var q = context.Request.Query;
            if (q["client_id"] != ClientId || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["nonce"]) || string.IsNullOrEmpty(q["state"]))
            {
                return Results.BadRequest();
            }
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (q["code_challenge"]!, q["nonce"]!, NextUser.Email, NextUser.Groups, q["redirect_uri"]!);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
        });
        _app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var basic = context.Request.Headers.Authorization.ToString();
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(ClientId) + ":" + Uri.EscapeDataString(ClientSecret)));
            if (basic != expected)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }
            if (!_codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"]
                || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }
            return Results.Json(new { access_token = "opaque", token_type = "Bearer", expires_in = 300, id_token = IdToken(grant.Nonce, grant.Email, grant.Groups) });
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Issuer = _app.Urls.First().TrimEnd('/');
    }

    public string Issuer { get; private set; } = "";

    public string ClientId { get; }

    public string ClientSecret { get; }

    public int JwksFetches { get; private set; }

    /// <summary>good, none, hs256, other-issuer, other-nonce, other-audience, unknown-key.</summary>
    public string Mode { get; set; } = "good";

    public (string Email, string[] Groups) NextUser { get; set; } = ("nobody@example.invalid", []);

    /// <summary>A new signing key (new kid) becomes the current one; the JWKS publishes only it.</summary>
    public void Rotate()
    {
        _keys.Clear();
        _keys.Add(new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..12] });
    }

    private string IdToken(string nonce, string email, string[] groups)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "sub-" + email,
            ["email"] = email,
            ["email_verified"] = true,
            ["name"] = "OIDC " + email,
            ["groups"] = groups,
            ["nonce"] = Mode == "other-nonce" ? "not-the-nonce" : nonce,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Mode == "other-issuer" ? "http://127.0.0.1:1/other" : Issuer,
            Audience = Mode == "other-audience" ? "someone-else" : ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
        };
        switch (Mode)
        {
            case "none":
            {
                var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"));
                claims["iss"] = Issuer;
                claims["aud"] = ClientId;
                claims["exp"] = new DateTimeOffset(now.AddMinutes(5)).ToUnixTimeSeconds();
                claims["iat"] = new DateTimeOffset(now).ToUnixTimeSeconds();
                return header + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims)) + ".";
            }
            case "hs256":
                // The classic confusion: HMAC with a secret the RP knows (the client secret), kid of the RSA key.
                descriptor.SigningCredentials = new SigningCredentials(
                    new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes(ClientSecret))) { KeyId = _keys[0].KeyId }, SecurityAlgorithms.HmacSha256);
                break;
            case "unknown-key":
                descriptor.SigningCredentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "never-published" }, SecurityAlgorithms.RsaSha256);
                break;
            default:
                descriptor.SigningCredentials = new SigningCredentials(_keys[0], SecurityAlgorithms.RsaSha256);
                break;
        }
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
