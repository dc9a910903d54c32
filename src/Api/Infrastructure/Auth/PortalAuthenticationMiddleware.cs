using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// ASP.NET Core's authentication middleware, except that OpenIddict's server only sees the paths it serves
/// (<c>/connect/*</c>, <c>/.well-known/*</c>). The stock middleware offers every request to every
/// <see cref="IAuthenticationRequestHandler"/>; OpenIddict's server then runs its request pipeline and builds
/// absolute URIs to find out that a price calculation is none of its endpoints — a tenth of the CPU and
/// allocations of a warm API request (docs/performance.md). Everything else is as in the stock middleware:
/// the default scheme authenticates, <see cref="HttpContext.User"/> and the authentication features are set.
/// </summary>
public sealed class PortalAuthenticationMiddleware(RequestDelegate next, IAuthenticationSchemeProvider schemes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature
        {
            OriginalPath = context.Request.Path,
            OriginalPathBase = context.Request.PathBase,
        });

        var protocolPath = IsProtocolPath(context.Request.Path);
        IAuthenticationHandlerProvider? handlers = null;
        foreach (var scheme in await schemes.GetRequestHandlerSchemesAsync())
        {
            if (!protocolPath && IsOpenIddictServer(scheme))
            {
                continue;
            }
            handlers ??= context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
            if (await handlers.GetHandlerAsync(context, scheme.Name) is IAuthenticationRequestHandler handler && await handler.HandleRequestAsync())
            {
                return;
            }
        }

        if (await schemes.GetDefaultAuthenticateSchemeAsync() is { } defaultScheme)
        {
            var result = await context.AuthenticateAsync(defaultScheme.Name);
            if (result.Principal is not null)
            {
                context.User = result.Principal;
            }
            if (result.Succeeded)
            {
                var features = new AuthenticatedFeatures(result);
                context.Features.Set<IHttpAuthenticationFeature>(features);
                context.Features.Set<IAuthenticateResultFeature>(features);
            }
        }
        await next(context);
    }

    /// <summary>The OpenID Connect / OAuth protocol endpoints OpenIddict serves (AuthSetup: connect/token, connect/authorize, .well-known/jwks, .well-known/openid-configuration).</summary>
    internal static bool IsProtocolPath(PathString path) =>
        path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/.well-known", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// OpenIddict's server only; its validation handler still sees every request, because it prepares the
    /// context that validating a bearer token (<see cref="CachedBearerHandler"/>, on a cache miss) needs.
    /// </summary>
    private static bool IsOpenIddictServer(AuthenticationScheme scheme) =>
        scheme.HandlerType.Namespace?.StartsWith("OpenIddict.Server", StringComparison.Ordinal) == true;

    /// <summary>As ASP.NET Core's own (internal) pair: setting the user drops the result it came from.</summary>
    private sealed class AuthenticatedFeatures(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private AuthenticateResult? _result = result;
        private ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }
    }
}
