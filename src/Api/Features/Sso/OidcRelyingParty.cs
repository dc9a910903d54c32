using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Api.Infrastructure.Outbound;

namespace Portal.Api.Features.Sso;

/// <summary>A verified ID token's person.</summary>
public sealed record OidcIdentity(string Subject, string? Email, string? Name, IReadOnlyList<string> Groups, string TokenId, DateTimeOffset Expires);

public sealed class OidcRejectedException(string reason) : Exception(reason);

/// <summary>
/// The OpenID Connect relying party of an account: discovery (the document's issuer must be the configured
/// authority: the issuer is pinned per account), the code flow with PKCE, and the ID token checked against
/// that issuer, our client id as audience, the nonce of the login, and the issuer's JWKS. Only asymmetric
/// algorithms are allowed (RS*, PS*, ES*): <c>none</c> and HS* are refused, and symmetric keys in a JWKS
/// are ignored. On a <c>kid</c> the cached JWKS does not know, the keys are fetched again once.
/// All calls go through the outbound SSRF guard.
/// </summary>
public sealed class OidcRelyingParty(IHttpClientFactory clients, OutboundHttp outbound, TimeProvider clock)
{
    public static readonly string[] AllowedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private const int MaxDocument = 512 * 1024;
    private static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);
    private static readonly ConcurrentDictionary<string, Metadata> Cache = new(StringComparer.Ordinal);

    private sealed record Metadata(string Issuer, string AuthorizationEndpoint, string TokenEndpoint, string JwksUri, IReadOnlyList<SecurityKey> Keys, DateTimeOffset Fetched);

    public async Task<string> AuthorizationUrlAsync(SsoConnection connection, string redirectUri, string state, string nonce, string verifier, string? loginHint, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(connection.OidcAuthority!, refresh: false, cancellationToken);
        var challenge = SsoLoginService.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = connection.OidcClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = string.Join(' ', connection.OidcScopes),
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        if (loginHint is { Length: > 0 and <= 254 })
        {
            query["login_hint"] = loginHint;
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(metadata.AuthorizationEndpoint, query);
    }

    public async Task<OidcIdentity> RedeemAsync(SsoConnection connection, string? clientSecret, string redirectUri, string code, string verifier, string nonce, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(connection.OidcAuthority!, refresh: false, cancellationToken);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = connection.OidcClientId!,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, metadata.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        if (clientSecret is not null)
        {
            // RFC 6749 §2.3.1: both form-url-encoded before base64.
            var basic = Uri.EscapeDataString(connection.OidcClientId!) + ":" + Uri.EscapeDataString(clientSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }
        using var document = await SendJsonAsync(request, cancellationToken);
        if (!document.RootElement.TryGetProperty("id_token", out var idTokenElement) || idTokenElement.GetString() is not { Length: > 0 and < 64_000 } idToken)
        {
            throw new OidcRejectedException("The token endpoint answered no ID token.");
        }
        return await ValidateIdTokenAsync(connection, idToken, nonce, cancellationToken);
    }

    /// <summary>Validates an ID token for the account (public for tests of the algorithm and key rules).</summary>
    public async Task<OidcIdentity> ValidateIdTokenAsync(SsoConnection connection, string idToken, string nonce, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(connection.OidcAuthority!, refresh: false, cancellationToken);
        var result = await ValidateAsync(idToken, metadata, connection.OidcClientId!);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key rollover at the IdP: fetch the keys once more, then decide.
            metadata = await MetadataAsync(connection.OidcAuthority!, refresh: true, cancellationToken);
            result = await ValidateAsync(idToken, metadata, connection.OidcClientId!);
        }
        if (!result.IsValid)
        {
            throw new OidcRejectedException("The ID token is not valid: " + result.Exception?.GetType().Name);
        }
        var token = (JsonWebToken)result.SecurityToken;
        if (!token.TryGetPayloadValue<string>("nonce", out var tokenNonce) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(tokenNonce ?? ""), Encoding.UTF8.GetBytes(nonce)))
        {
            throw new OidcRejectedException("The ID token's nonce is not the login's.");
        }
        string? Claim(string? name) => name is not null && token.TryGetPayloadValue<string>(name, out var value) ? value : null;
        var groups = new List<string>();
        if (connection.GroupsClaim is { } groupsClaim && token.TryGetPayloadValue<JsonElement>(groupsClaim, out var element))
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                groups.AddRange(element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Take(500));
            }
            else if (element.ValueKind == JsonValueKind.String)
            {
                groups.Add(element.GetString()!);
            }
        }
        var tokenId = token.Id is { Length: > 0 } jti ? jti : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idToken)));
        var email = Claim(connection.EmailClaim);
        if (token.TryGetPayloadValue<bool>("email_verified", out var verified) && !verified)
        {
            email = null;
        }
        return new OidcIdentity(token.Subject, email, Claim(connection.NameClaim), groups, tokenId, token.ValidTo);
    }

    private async Task<TokenValidationResult> ValidateAsync(string idToken, Metadata metadata, string clientId)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = metadata.Issuer,
            ValidAudience = clientId,
            IssuerSigningKeys = metadata.Keys,
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            TryAllIssuerSigningKeys = false,
            ClockSkew = SamlResponseReader.Skew,
            LifetimeValidator = null,
        };
        return await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(idToken, parameters);
    }

    private async Task<Metadata> MetadataAsync(string authority, bool refresh, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (Cache.TryGetValue(authority, out var cached))
        {
            // A refresh on an unknown kid at most once a second: tokens with random kids cannot make us hammer the IdP.
            if (!refresh && now - cached.Fetched < CacheFor || refresh && now - cached.Fetched < TimeSpan.FromSeconds(1))
            {
                return cached;
            }
        }
        var discoveryUrl = authority.TrimEnd('/') + "/.well-known/openid-configuration";
        using var discovery = await SendJsonAsync(new HttpRequestMessage(HttpMethod.Get, discoveryUrl), cancellationToken);
        var root = discovery.RootElement;
        string Field(string name) => root.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } s ? s : throw new OidcRejectedException($"The discovery document has no {name}.");
        var issuer = Field("issuer");
        if (issuer.TrimEnd('/') != authority.TrimEnd('/'))
        {
            throw new OidcRejectedException("The discovery document's issuer is not the configured authority.");
        }
        var jwksUri = Field("jwks_uri");
        using var jwksDocument = await SendJsonAsync(new HttpRequestMessage(HttpMethod.Get, jwksUri), cancellationToken);
        var jwks = new JsonWebKeySet(jwksDocument.RootElement.GetRawText());
        // Only asymmetric keys: a symmetric ("oct") key in a JWKS would be public and let anyone sign HS256.
        var keys = jwks.Keys.Where(k => k.Kty is "RSA" or "EC").Cast<SecurityKey>().ToList();
        var metadata = new Metadata(issuer, Field("authorization_endpoint"), Field("token_endpoint"), jwksUri, keys, now);
        Cache[authority] = metadata;
        return metadata;
    }

    private async Task<JsonDocument> SendJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                var client = clients.CreateClient(OutboundHttp.ClientName);
                using var response = await outbound.SendAsync(client, request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    throw new OidcRejectedException($"The identity provider answered {(int)response.StatusCode} at {request.RequestUri!.AbsolutePath}.");
                }
                if (response.Content.Headers.ContentLength is > MaxDocument)
                {
                    throw new OidcRejectedException("The identity provider's answer is too large.");
                }
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                var buffer = new MemoryStream();
                var chunk = new byte[16384];
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > MaxDocument)
                    {
                        throw new OidcRejectedException("The identity provider's answer is too large.");
                    }
                }
                return JsonDocument.Parse(buffer.ToArray());
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new OidcRejectedException("The identity provider could not be reached or answered nonsense: " + e.GetType().Name);
            }
        }
    }
}
