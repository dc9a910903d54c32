using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Portal.Client.Http;

/// <summary>
/// Obtains OAuth 2.0 access tokens with the client-credentials grant (client_secret_basic) and caches
/// the current one until shortly before it expires. Safe for concurrent use: one request at a time
/// fetches a token, the others wait for it. Lives longer than the handlers that use it (the
/// IHttpClientFactory recycles those every few minutes).
/// </summary>
internal sealed class ClientCredentialsTokenProvider : IDisposable
{
    /// <summary>How long before its expiry a token is replaced.</summary>
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    /// <summary>The lifetime assumed when the token endpoint does not state one.</summary>
    internal static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private readonly Uri _tokenEndpoint;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly string? _scope;
    private readonly Func<DateTimeOffset> _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _current;

    public ClientCredentialsTokenProvider(PortalClientOptions options, Func<DateTimeOffset>? clock = null)
    {
        options.Validate();
        _tokenEndpoint = options.GetTokenEndpoint();
        _clientId = options.ClientId;
        _clientSecret = options.ClientSecret;
        _scope = options.Scope;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>The token endpoint, <c>{BaseUri}connect/token</c>.</summary>
    public Uri TokenEndpoint => _tokenEndpoint;

    /// <summary>
    /// The cached token while it is fresh, otherwise a new one from the token endpoint.
    /// </summary>
    /// <param name="send">Sends the token request (the handler's inner pipeline, so retries apply).</param>
    /// <param name="cancellationToken">Cancels the wait and the token request.</param>
    public async Task<AccessToken> GetTokenAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken = default)
    {
        var token = Volatile.Read(ref _current);
        if (token is not null && _clock() < token.RefreshAt)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            token = Volatile.Read(ref _current);
            if (token is not null && _clock() < token.RefreshAt)
            {
                return token;
            }
            token = await RequestTokenAsync(send, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Drops <paramref name="rejected"/> from the cache (the API answered 401 to it). A newer token that
    /// another request already fetched is kept.
    /// </summary>
    public void Invalidate(AccessToken rejected) => Interlocked.CompareExchange(ref _current, null, rejected);

    public void Dispose() => _gate.Dispose();

    private async Task<AccessToken> RequestTokenAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!string.IsNullOrWhiteSpace(_scope))
        {
            fields.Add(new("scope", _scope!));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(fields),
        };
        // RFC 6749 §2.3.1: client_secret_basic with the id and secret form-encoded before base64.
        var credentials = Uri.EscapeDataString(_clientId) + ":" + Uri.EscapeDataString(_clientSecret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var requestedAt = _clock();
        using var response = await send(request, cancellationToken).ConfigureAwait(false);
        var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var status = (int)response.StatusCode;

        if (!response.IsSuccessStatusCode)
        {
            throw new PortalApiException(
                "The token endpoint refused to issue an access token.", status, body, CollectHeaders(response), null);
        }

        string? accessToken = null;
        TimeSpan lifetime = DefaultLifetime;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("access_token", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    accessToken = value.GetString();
                }
                if (root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.ValueKind == JsonValueKind.Number
                    && expiresIn.TryGetDouble(out var seconds) && seconds > 0)
                {
                    lifetime = TimeSpan.FromSeconds(seconds);
                }
            }
        }
        catch (JsonException exception)
        {
            throw new PortalApiException(
                "The token endpoint answered with a body that is not JSON.", status, body, CollectHeaders(response), exception);
        }

        if (string.IsNullOrEmpty(accessToken))
        {
            throw new PortalApiException(
                "The token endpoint answered without an access_token.", status, body, CollectHeaders(response), null);
        }

        // Replace the token a minute before it expires; short-lived tokens at half their lifetime.
        var margin = lifetime > RefreshMargin + RefreshMargin ? RefreshMargin : TimeSpan.FromTicks(lifetime.Ticks / 2);
        return new AccessToken(accessToken!, requestedAt + lifetime - margin);
    }

    private static Dictionary<string, IEnumerable<string>> CollectHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            headers[header.Key] = header.Value;
        }
        if (response.Content is not null)
        {
            foreach (var header in response.Content.Headers)
            {
                headers[header.Key] = header.Value;
            }
        }
        return headers;
    }
}

/// <summary>A bearer token and the moment from which it is to be replaced.</summary>
internal sealed class AccessToken(string value, DateTimeOffset refreshAt)
{
    public string Value { get; } = value;

    public DateTimeOffset RefreshAt { get; } = refreshAt;
}
