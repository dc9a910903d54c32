using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Portal.Load;

/// <summary>
/// HTTP access to the API under test: one SocketsHttpHandler (connection pool), OAuth client credentials
/// at /connect/token with the token renewed a minute before it expires.
/// </summary>
public sealed class PortalClient : IDisposable
{
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string? _token;
    private DateTimeOffset _tokenRenewAt;

    public PortalClient(string baseUrl, string clientId, string clientSecret, int maxConnections, TimeSpan timeout)
    {
        var uri = new Uri(baseUrl.TrimEnd('/') + "/");
        if (!IPAddress.TryParse(uri.Host, out var address) ? uri.Host != "localhost" : !IPAddress.IsLoopback(address))
        {
            // The load tool only ever talks to a server on this machine.
            throw new ArgumentException($"The API URL must be a loopback address (127.0.0.1, [::1] or localhost), not '{uri.Host}'.");
        }
        _clientId = clientId;
        _clientSecret = clientSecret;
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = uri,
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public HttpClient Http { get; }

    public Uri BaseAddress => Http.BaseAddress!;

    public async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_token is not null && DateTimeOffset.UtcNow < _tokenRenewAt)
        {
            return _token;
        }
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && DateTimeOffset.UtcNow < _tokenRenewAt)
            {
                return _token;
            }
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = _clientId,
                ["client_secret"] = _clientSecret,
            });
            using var response = await Http.PostAsync("connect/token", form, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /connect/token answered {(int)response.StatusCode}: {text}");
            }
            using var json = JsonDocument.Parse(text);
            _token = json.RootElement.GetProperty("access_token").GetString()
                ?? throw new InvalidOperationException("The token response has no access_token.");
            var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 1800;
            _tokenRenewAt = DateTimeOffset.UtcNow.AddSeconds(Math.Max(30, lifetime - 60));
            return _token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>Sends JSON bytes with the bearer token (and the Portal-Customer header when given); returns status and body.</summary>
    public async Task<(HttpStatusCode Status, byte[] Body)> SendJsonAsync(HttpMethod method, string path, byte[] json, Guid? customer, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (customer is { } id)
        {
            request.Headers.TryAddWithoutValidation("Portal-Customer", id.ToString());
        }
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public void Dispose()
    {
        Http.Dispose();
        _tokenLock.Dispose();
    }
}
