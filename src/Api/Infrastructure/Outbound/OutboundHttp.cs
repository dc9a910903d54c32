using System.Net;
using System.Net.Sockets;

namespace Portal.Api.Infrastructure.Outbound;

/// <summary>An outbound call refused by the SSRF guard (the URL or the address it resolves to).</summary>
public sealed class OutboundRequestRefusedException(string message) : HttpRequestException(message);

/// <summary>A URL given to the API as a call-back target that the API will not call.</summary>
public sealed class UrlNotAllowedException : ProblemException
{
    public UrlNotAllowedException(string field, string detail)
        : base(400, ProblemTypes.UrlNotAllowed, "The URL is not allowed as an outbound target.", detail)
    {
        Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
    }
}

/// <summary>
/// The SSRF guard for every outbound HTTP call the API makes (webhooks now; cXML outbound and ERP calls
/// through <see cref="ClientName"/> too). The check runs where the socket is opened, on the addresses DNS
/// answered at that moment, so a name that resolves to a public address when the URL is saved and to
/// 127.0.0.1 later (DNS rebinding) is still refused. Redirects are never followed and no proxy is used.
/// </summary>
public sealed class OutboundHttp(IOptions<PortalOptions> options, IHostEnvironment environment)
{
    public const string ClientName = "portal-outbound";

    private OutboundOptions Options => options.Value.Outbound;

    public bool RequireHttps => Options.RequireHttps ?? environment.IsProduction();

    public bool AllowPrivateNetworks => Options.AllowPrivateNetworks;

    /// <summary>Registers the named client.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<OutboundHttp>();
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // per call: a CancellationToken with the caller's timeout
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundHttp>().CreateHandler());
    }

    /// <summary>A handler with the guard, for other named clients that call out (the ERP price endpoint).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
    };

    /// <summary>Checks a URL that is to be stored as a call-back target: a 400 problem naming <paramref name="field"/> when it would be refused.</summary>
    public async Task ValidateTargetAsync(string field, string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { [field] = ["An absolute http(s) URL is required."] });
        }
        if (CheckUri(uri) is { } refusal)
        {
            throw new UrlNotAllowedException(field, refusal);
        }
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            throw new UrlNotAllowedException(field, $"The host '{uri.Host}' does not resolve.");
        }
        foreach (var address in addresses)
        {
            if (OutboundAddressPolicy.Refusal(address, AllowPrivateNetworks) is { } why)
            {
                throw new UrlNotAllowedException(field, $"The host '{uri.Host}' resolves to {why} Outbound calls go to public addresses only.");
            }
        }
    }

    /// <summary>Null when the URL's form is acceptable (scheme, no credentials); otherwise why not.</summary>
    public string? CheckUri(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return "Only http and https URLs can be called.";
        }
        if (RequireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "The URL must use https.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "The URL must not carry credentials.";
        }
        return null;
    }

    /// <summary>Checks the request's URL, then sends it with the guarded client (a 3xx answer is returned, not followed).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new OutboundRequestRefusedException("The request has no URL.");
        if (CheckUri(uri) is { } refusal)
        {
            throw new OutboundRequestRefusedException(refusal);
        }
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>SocketsHttpHandler's connect step: resolve, refuse if any answer is not allowed, connect to an allowed one.</summary>
    internal async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        foreach (var address in addresses)
        {
            if (OutboundAddressPolicy.Refusal(address, AllowPrivateNetworks) is { } why)
            {
                throw new OutboundRequestRefusedException($"Refused to connect to '{host}': {why}");
            }
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var trimmed = host.Trim('[', ']');
        if (IPAddress.TryParse(trimmed, out var literal))
        {
            return [literal];
        }
        var addresses = await Dns.GetHostAddressesAsync(trimmed, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        return addresses;
    }
}
