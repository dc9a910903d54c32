namespace Portal.Client;

/// <summary>
/// Settings of a <see cref="PortalClient"/>: where the API is, the OAuth 2.0 client credentials it
/// authenticates with, and how it retries.
/// </summary>
public sealed class PortalClientOptions
{
    /// <summary>The name of the HTTP header that selects the customer account for supplier-side callers.</summary>
    public const string CustomerHeaderName = "Portal-Customer";

    /// <summary>
    /// The API's base address, for example <c>https://portal.example.com/</c>. The client calls
    /// <c>{BaseUri}api/v1/...</c> and gets its tokens from <c>{BaseUri}connect/token</c>. Required.
    /// </summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The OAuth 2.0 client id issued to the integration. Required.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The OAuth 2.0 client secret issued to the integration. Required.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>
    /// The customer account to act for, sent as the <c>Portal-Customer</c> header on every API request.
    /// Only supplier-side callers need it; leave it null otherwise.
    /// </summary>
    public string? CustomerId { get; set; }

    /// <summary>
    /// The space-separated scopes to request with the token, or null (the default) to request none and
    /// receive the client's default access.
    /// </summary>
    public string? Scope { get; set; }

    /// <summary>
    /// How often a request is retried after a 429, 502, 503 or 504 answer or a network failure.
    /// Default 3; 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The first retry's delay before jitter; each further retry doubles it. Default 500 ms.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest backoff between two retries when the answer carries no <c>Retry-After</c> (network failures,
    /// 502, 504). Default 30 s. A <c>Retry-After</c> is honoured up to <see cref="MaxRetryAfter"/> instead.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <c>Retry-After</c> (on 429 and 503 answers) the client waits for before retrying. A longer one
    /// is not waited for: the answer is returned as a <see cref="PortalApiException"/> whose
    /// <see cref="PortalApiException.RetryAfter"/> says how long to wait. Default 2 minutes; zero turns waiting for
    /// <c>Retry-After</c> off.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Where the client logs (each retry at Warning, each answer at Debug; never a secret or a token). Null: the
    /// <c>ILoggerFactory</c> of dependency injection when registered with <c>AddPortalClient</c>, otherwise no logging.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The time limit of one call, retries included. Default 100 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// An optional <see cref="System.Net.Http.HttpClient"/> to send the requests with (for proxies,
    /// certificates or an in-memory test server). Authentication and retries are still added by the
    /// client. It is not disposed by the <see cref="PortalClient"/>.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>
    /// An optional <see cref="System.Net.Http.IHttpClientFactory"/> to take the transport from, for each
    /// request the client named <see cref="HttpClientFactoryName"/> (so the factory's handler pooling,
    /// logging and proxy settings apply). Authentication and retries are still added by the client.
    /// Ignored when <see cref="HttpClient"/> is set. With dependency injection, prefer
    /// <c>services.AddPortalClient(...)</c>, which uses the factory already.
    /// </summary>
    public IHttpClientFactory? HttpClientFactory { get; set; }

    /// <summary>The name of the factory client used with <see cref="HttpClientFactory"/>; default <c>""</c> (the default client).</summary>
    public string HttpClientFactoryName { get; set; } = string.Empty;

    internal Uri GetBaseUri()
    {
        var baseUri = BaseUri ?? throw new ArgumentException("PortalClientOptions.BaseUri is required.", "options");
        var text = baseUri.AbsoluteUri;
        return text.EndsWith("/", StringComparison.Ordinal) ? baseUri : new Uri(text + "/");
    }

    internal Uri GetTokenEndpoint() => new(GetBaseUri(), "connect/token");

    internal void Validate()
    {
        if (BaseUri is null || !BaseUri.IsAbsoluteUri || (BaseUri.Scheme != Uri.UriSchemeHttp && BaseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("PortalClientOptions.BaseUri must be an absolute http or https URI.", "options");
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new ArgumentException("PortalClientOptions.ClientId is required.", "options");
        }
        if (string.IsNullOrEmpty(ClientSecret))
        {
            throw new ArgumentException("PortalClientOptions.ClientSecret is required.", "options");
        }
        if (MaxRetries < 0)
        {
            throw new ArgumentException("PortalClientOptions.MaxRetries must be 0 or more.", "options");
        }
        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("PortalClientOptions retry delays must not be negative.", "options");
        }
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("PortalClientOptions.Timeout must be positive.", "options");
        }
    }
}
