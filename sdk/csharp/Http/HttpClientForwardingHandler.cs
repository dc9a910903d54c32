namespace Portal.Client.Http;

/// <summary>
/// The innermost handler when the caller supplies an <see cref="HttpClient"/>: each attempt is sent as a
/// fresh copy of the request, because an <see cref="HttpClient"/> refuses to send one message twice.
/// The caller's client is not disposed.
/// </summary>
internal sealed class HttpClientForwardingHandler : HttpMessageHandler
{
    private readonly Func<HttpClient> _client;

    public HttpClientForwardingHandler(HttpClient client) => _client = () => client;

    /// <summary>Sends each attempt with a client from the factory (an <see cref="IHttpClientFactory"/> client is cheap to create).</summary>
    public HttpClientForwardingHandler(Func<HttpClient> client) => _client = client;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var copy = await CopyAsync(request).ConfigureAwait(false);
        return await _client().SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (request.Content is not null)
        {
            // The retry and authentication handlers have buffered the body, so this reads it from memory.
            var body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            copy.Content = new ByteArrayContent(body);
            foreach (var header in request.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return copy;
    }
}
