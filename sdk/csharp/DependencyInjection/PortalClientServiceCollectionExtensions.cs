using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Client;
using Portal.Client.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Portal clients with dependency injection: the default one as <see cref="IPortalClient"/> (and each
/// area's interface, such as <see cref="IProductsClient"/>), named ones through <see cref="IPortalClientFactory"/>.
/// Options are validated when the host starts.
/// </summary>
public static class PortalClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default client: <see cref="IPortalClient"/>, <see cref="PortalClient"/> and each area's
    /// interface (transient), over an <see cref="System.Net.Http.IHttpClientFactory"/> client whose handlers
    /// authenticate and retry. The access token is cached in a singleton, so it survives the factory's handler rotation.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (base URI, client id and secret, ...).</param>
    /// <returns>The HTTP client builder, to add handlers or configure the primary handler.</returns>
    /// <exception cref="InvalidOperationException">The default client is already registered.</exception>
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
    public static IHttpClientBuilder AddPortalClient(this IServiceCollection services, Action<PortalClientOptions> configure) =>
        AddPortalClient(services, Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers the default client with options bound from a configuration section (keys as the properties of
    /// <see cref="PortalClientOptions"/>: <c>BaseUri</c>, <c>ClientId</c>, <c>ClientSecret</c>, <c>CustomerId</c>, ...).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("Portal")</c>.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddPortalClient(this IServiceCollection services, IConfiguration configuration) =>
        AddPortalClient(services, Options.Options.DefaultName, configuration);

    /// <summary>
    /// Registers a named client (another set of credentials or another default account), created with
    /// <see cref="IPortalClientFactory.CreateClient"/>. Registering a name twice throws instead of merging the options.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddPortalClient(this IServiceCollection services, string name, Action<PortalClientOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }
        return Register(services, name, builder => builder.Configure(configure));
    }

    /// <summary>Registers a named client with options bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddPortalClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }
        return Register(services, name, builder => builder.Bind(configuration));
    }

    private static IHttpClientBuilder Register(IServiceCollection services, string name, Action<OptionsBuilder<PortalClientOptions>> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(PortalClientRegistry))?.ImplementationInstance as PortalClientRegistry;
        if (registry is null)
        {
            registry = new PortalClientRegistry();
            services.AddSingleton(registry);
        }
        if (!registry.Add(name))
        {
            throw new InvalidOperationException(name.Length == 0
                ? "The default Portal client is already registered. Register further clients by name: services.AddPortalClient(\"name\", ...)."
                : $"A Portal client named '{name}' is already registered.");
        }

        var options = services.AddOptions<PortalClientOptions>(name);
        configure(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PortalClientOptions>, PortalClientOptionsValidator>());
        services.TryAddSingleton<PortalTokenProviders>();
        services.TryAddSingleton<IPortalClientFactory, PortalClientFactory>();

        var builder = services
            .AddHttpClient(PortalClientFactory.HttpClientNameOf(name), (sp, http) => http.Timeout = Get(sp, name).Timeout)
            .AddHttpMessageHandler(sp => new PortalAuthenticationHandler(
                sp.GetRequiredService<PortalTokenProviders>().Get(name), Get(sp, name).GetBaseUri()))
            .AddHttpMessageHandler(sp => new PortalRetryHandler(Get(sp, name), loggerFactory: Get(sp, name).LoggerFactory ?? sp.GetService<ILoggerFactory>()));
        builder.ConfigurePrimaryHttpMessageHandler(sp => Get(sp, name).HttpClient is { } injected
            ? new HttpClientForwardingHandler(injected)
            : new HttpClientHandler());

        if (name.Length == 0)
        {
            services.TryAddTransient(sp => (PortalClient)sp.GetRequiredService<IPortalClientFactory>().CreateClient(name));
            services.TryAddTransient<IPortalClient>(sp => sp.GetRequiredService<PortalClient>());
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Products);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Categories);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Pricing);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().PriceConditions);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Carts);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Orders);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().OrderImports);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().OrderFeed);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Customers);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().OrgUnits);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Users);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().CostCenters);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Addresses);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().ApiClients);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Me);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().AccessLog);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().PunchoutSettings);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().SsoSettings);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().ApprovalRules);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Approvals);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Budgets);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().BudgetChecks);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Quotes);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().OrderTemplates);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().FavoriteLists);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().ReorderSuggestions);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().ReplenishmentSchedules);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().PersonalData);
            services.TryAddTransient(sp => sp.GetRequiredService<IPortalClient>().Reports);
        }
        return builder;
    }

    private static PortalClientOptions Get(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<PortalClientOptions>>().Get(name);
}

/// <summary>Creates the Portal clients registered by name with <c>services.AddPortalClient("name", ...)</c>.</summary>
public interface IPortalClientFactory
{
    /// <summary>Creates the client registered under <paramref name="name"/> (<c>""</c>: the default one).</summary>
    /// <param name="name">The name given to <c>AddPortalClient</c>.</param>
    /// <returns>A client sharing the registration's token cache and HTTP handlers; disposing it is not needed.</returns>
    /// <exception cref="InvalidOperationException">No client has this name.</exception>
    IPortalClient CreateClient(string name);
}

internal sealed class PortalClientRegistry
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public bool Add(string name) => _names.Add(name);

    public bool Contains(string name) => _names.Contains(name);
}

internal sealed class PortalClientFactory(
    PortalClientRegistry registry, IOptionsMonitor<PortalClientOptions> options, IHttpClientFactory httpClients) : IPortalClientFactory
{
    public static string HttpClientNameOf(string name) => name.Length == 0 ? PortalClient.HttpClientName : PortalClient.HttpClientName + ":" + name;

    public IPortalClient CreateClient(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }
        if (!registry.Contains(name))
        {
            throw new InvalidOperationException($"No Portal client named '{name}' is registered (services.AddPortalClient(\"{name}\", ...)).");
        }
        return new PortalClient(options.Get(name), httpClients.CreateClient(HttpClientNameOf(name)), ownsHttpClient: false);
    }
}

/// <summary>One token cache per registered client, kept for the application's lifetime.</summary>
internal sealed class PortalTokenProviders(IOptionsMonitor<PortalClientOptions> options) : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ClientCredentialsTokenProvider> _providers = new(StringComparer.Ordinal);

    public ClientCredentialsTokenProvider Get(string name) =>
        _providers.GetOrAdd(name, n => new ClientCredentialsTokenProvider(options.Get(n)));

    public void Dispose()
    {
        foreach (var provider in _providers.Values)
        {
            provider.Dispose();
        }
    }
}

/// <summary>Checks every registered client's options when the host starts (and when they are first read).</summary>
internal sealed class PortalClientOptionsValidator : IValidateOptions<PortalClientOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalClientOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            var label = string.IsNullOrEmpty(name) ? "the default Portal client" : $"the Portal client '{name}'";
            return ValidateOptionsResult.Fail($"Invalid options of {label}: {exception.Message.Split('(')[0].Trim()}");
        }
    }
}
