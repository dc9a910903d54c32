using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Validation.AspNetCore;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// The API's bearer scheme: OpenIddict validates a token the first time it is seen; the validated
/// principal is then reused until the token expires, so a client's thousandth request does not verify
/// the same RSA signature again. Revocation does not depend on this: <see cref="CallerMiddleware"/>
/// re-checks the client on every request.
/// </summary>
public sealed class CachedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ValidatedTokenCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var key = ValidatedTokenCache.Key(header.AsSpan(7).Trim());
        var now = clock.GetUtcNow();
        if (cache.TryGet(key, now, out var principal))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }
        var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return result.Failure is null ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(result.Failure);
        }
        var expires = result.Properties?.ExpiresUtc ?? now.AddMinutes(5);
        cache.Set(key, result.Principal, expires);
        return AuthenticateResult.Success(new AuthenticationTicket(result.Principal, SchemeName));
    }

    /// <summary>401 with an RFC 6750 challenge; the status-code pages write the problem body.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count == 0
            ? "Bearer"
            : "Bearer error=\"invalid_token\", error_description=\"The access token is missing, expired or not valid.\"";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}

/// <summary>Validated tokens by SHA-256 of the token (the token itself is not kept), until they expire.</summary>
public sealed class ValidatedTokenCache
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public static string Key(ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[32];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var rented = length > 4096 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> bytes = rented is null ? stackalloc byte[length] : rented;
        var written = Encoding.UTF8.GetBytes(token, bytes);
        SHA256.HashData(bytes[..written], hash);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
        return Convert.ToHexString(hash);
    }

    public bool TryGet(string key, DateTimeOffset now, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > now)
            {
                principal = entry.Principal;
                return true;
            }
            _entries.TryRemove(key, out _);
        }
        principal = null!;
        return false;
    }

    public void Set(string key, ClaimsPrincipal principal, DateTimeOffset expires)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[key] = (principal, expires);
    }
}
