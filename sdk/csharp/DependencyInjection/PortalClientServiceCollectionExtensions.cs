using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Client;
using Portal.Client.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="PortalClient"/> with dependency injection.</summary>
public static class PortalClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PortalClient"/> (transient) over a named <see cref="System.Net.Http.IHttpClientFactory"/>
    /// client (<see cref="PortalClient.HttpClientName"/>) whose handlers authenticate and retry. The access
    /// token is cached in a singleton, so it survives the factory's handler rotation.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (base URI, client id and secret, ...).</param>
    /// <returns>The HTTP client builder, to add handlers or configure the primary handler.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddPortalClient(o =>
    /// {
    ///     o.BaseUri = new Uri(builder.Configuration["Portal:BaseUrl"]!);
    ///     o.ClientId = builder.Configuration["Portal:ClientId"]!;
    ///     o.ClientSecret = builder.Configuration["Portal:ClientSecret"]!;
    /// });
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddPortalClient(this IServiceCollection services, Action<PortalClientOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.AddOptions<PortalClientOptions>().Configure(configure);
        services.TryAddSingleton(sp => new ClientCredentialsTokenProvider(Options(sp)));

        var builder = services
            .AddHttpClient(PortalClient.HttpClientName, (sp, http) => http.Timeout = Options(sp).Timeout)
            .AddHttpMessageHandler(sp => new PortalAuthenticationHandler(
                sp.GetRequiredService<ClientCredentialsTokenProvider>(), Options(sp).GetBaseUri()))
            .AddHttpMessageHandler(sp => new PortalRetryHandler(Options(sp)));
        builder.ConfigurePrimaryHttpMessageHandler(sp => Options(sp).HttpClient is { } injected
            ? new HttpClientForwardingHandler(injected)
            : new HttpClientHandler());

        services.TryAddTransient(sp => new PortalClient(
            Options(sp),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(PortalClient.HttpClientName),
            ownsHttpClient: false));
        return builder;
    }

    private static PortalClientOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<PortalClientOptions>>().Value;
}
