using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Punchout.Cxml;

namespace Portal.Punchout.Transport;

/// <summary>A request type and the handler that serves it.</summary>
/// <param name="RequestType">The <see cref="CxmlRequest"/> type.</param>
/// <param name="HandlerType">The <see cref="ICxmlRequestHandler"/> type (scoped).</param>
public sealed record CxmlHandlerRegistration(Type RequestType, Type HandlerType)
{
    /// <summary>The request element name (the type's name: ProfileRequest, OrderRequest, …).</summary>
    public string Name => RequestType.Name;
}

/// <summary>Registers the cXML transport and its handlers.</summary>
public static class CxmlTransportSetup
{
    /// <summary>The dispatcher and its options; the host adds handlers and an <see cref="ICxmlSenderAuthenticator"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets limits and the transient-failure test.</param>
    public static IServiceCollection AddCxmlTransport(this IServiceCollection services, Action<CxmlTransportOptions>? configure = null)
    {
        services.AddOptions<CxmlTransportOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton<CxmlDispatcher>();
        return services;
    }

    /// <summary>Serves <typeparamref name="TRequest"/> with <typeparamref name="THandler"/> (one handler per request type).</summary>
    /// <typeparam name="TRequest">The request type.</typeparam>
    /// <typeparam name="THandler">Its handler, created per request.</typeparam>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddCxmlRequestHandler<TRequest, THandler>(this IServiceCollection services)
        where TRequest : CxmlRequest
        where THandler : class, ICxmlRequestHandler
    {
        if (services.Any(s => s.ServiceType == typeof(CxmlHandlerRegistration) && s.ImplementationInstance is CxmlHandlerRegistration r && r.RequestType == typeof(TRequest)))
        {
            throw new InvalidOperationException($"{typeof(TRequest).Name} has a handler already.");
        }
        services.AddSingleton(new CxmlHandlerRegistration(typeof(TRequest), typeof(THandler)));
        services.TryAddScoped<THandler>();
        return services;
    }
}
