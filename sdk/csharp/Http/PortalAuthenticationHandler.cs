using System.Net;
using System.Net.Http.Headers;

namespace Portal.Client.Http;

/// <summary>
/// Adds the bearer token to requests for the Portal API. When the API answers 401 (the token was revoked
/// or the signing keys rotated), the cached token is dropped and the request is sent once more with a new one.
/// </summary>
internal sealed class PortalAuthenticationHandler : DelegatingHandler
{
    private readonly ClientCredentialsTokenProvider _tokens;
    private readonly Uri _apiBase;

    public PortalAuthenticationHandler(ClientCredentialsTokenProvider tokens, Uri apiBase)
    {
        _tokens = tokens;
        _apiBase = apiBase;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Never hand the token to another origin, and leave requests that bring their own credentials alone.
        if (request.Headers.Authorization is not null || !IsSameOrigin(request.RequestUri))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var replayable = await RequestContent.TryMakeReplayableAsync(request).ConfigureAwait(false);
        var token = await _tokens.GetTokenAsync(SendInnerAsync, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !replayable)
        {
            return response;
        }

        response.Dispose();
        _tokens.Invalidate(token);
        token = await _tokens.GetTokenAsync(SendInnerAsync, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private bool IsSameOrigin(Uri? uri) =>
        uri is not null
        && uri.IsAbsoluteUri
        && string.Equals(uri.Scheme, _apiBase.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, _apiBase.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == _apiBase.Port;
}
