namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Turns an authenticated token into a <see cref="Caller"/> and opens the <see cref="TenantScope"/>:
/// customer-side callers see their own account; supplier-side callers the account named by the
/// <c>Portal-Customer</c> header, or, without it, only cross-account resources. A token whose client was
/// revoked, or whose user was deactivated, is refused here even though it has not expired.
/// </summary>
public sealed class CallerMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ActAs actAs, CallerContext callers, TenantScope tenant, CallerCache cache, RequestVersions versions)
    {
        var clientId = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(PortalClaims.ClientId)?.Value : null;
        if (clientId is null)
        {
            await next(context);
            return;
        }

        // The loader (and its database context) is taken only on a cache miss: a warm request never creates one here.
        CallerLoader Loader() => context.RequestServices.GetRequiredService<CallerLoader>();
        // A user token (authorization code flow) names the user who signed in besides the app.
        Guid? userId = Guid.TryParse(context.User.FindFirst(Features.Sso.SsoSession.UserClaim)?.Value, out var signedIn) ? signedIn : null;
        var caller = await cache.GetAsync(
                clientId,
                versions,
                () => userId is { } user ? Loader().ByUserTokenAsync(clientId, user, context.RequestAborted) : Loader().ByClientIdAsync(clientId, context.RequestAborted),
                context.RequestAborted,
                userId)
            ?? throw new UnauthorizedException("The API client of this token has been revoked or its user deactivated. Get a new token with valid credentials.");
        actAs.Caller(caller);
        callers.SetUserAgent(context.Request.Headers.UserAgent.ToString());

        var header = context.Request.Headers[TenantScope.HeaderName].ToString();
        if (caller.IsSupplier)
        {
            if (header.Length == 0)
            {
                tenant.AcrossAccounts();
            }
            else if (Guid.TryParse(header, out var customerId)
                     && await cache.CustomerExistsAsync(customerId, () => Loader().CustomerExistsAsync(customerId, context.RequestAborted)))
            {
                tenant.ForCustomer(customerId);
            }
            else
            {
                throw new NotFoundException($"No customer account has the id '{header}' ({TenantScope.HeaderName} header).");
            }
        }
        else
        {
            if (header.Length > 0 && !(Guid.TryParse(header, out var named) && named == caller.CustomerId))
            {
                // A customer-side caller can only ever act for its own account.
                throw new NotFoundException($"No customer account has the id '{header}' ({TenantScope.HeaderName} header).");
            }
        }

        await next(context);
    }
}
