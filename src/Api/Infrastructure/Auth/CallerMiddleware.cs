using Microsoft.EntityFrameworkCore;
using Portal.Api.Infrastructure.Caching;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Infrastructure.Tenancy;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Turns an authenticated token into a <see cref="Caller"/> and opens the <see cref="TenantScope"/>:
/// customer-side callers see their own account; supplier-side callers the account named by the
/// <c>Portal-Customer</c> header, or, without it, only cross-account resources. A token whose client was
/// revoked, or whose user was deactivated, is refused here even though it has not expired.
/// </summary>
public sealed class CallerMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CallerContext callers, TenantScope tenant, CallerCache cache, RequestVersions versions)
    {
        var clientId = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(PortalClaims.ClientId)?.Value : null;
        if (clientId is null)
        {
            await next(context);
            return;
        }

        // The database context is taken only on a cache miss: a warm request never creates one here.
        PortalDbContext Db() => context.RequestServices.GetRequiredService<PortalDbContext>();
        var caller = await cache.GetAsync(clientId, versions, () => LoadAsync(Db(), clientId, context.RequestAborted), context.RequestAborted)
            ?? throw new UnauthorizedException("The API client of this token has been revoked or its user deactivated. Get a new token with valid credentials.");
        callers.Set(caller);

        var header = context.Request.Headers[TenantScope.HeaderName].ToString();
        if (caller.IsSupplier)
        {
            if (header.Length == 0)
            {
                tenant.AcrossAccounts();
            }
            else if (Guid.TryParse(header, out var customerId)
                     && await cache.CustomerExistsAsync(customerId, () => Db().Customers.AnyAsync(c => c.Id == customerId, context.RequestAborted)))
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
            tenant.ForCustomer(caller.CustomerId!.Value);
        }

        await next(context);
    }

    /// <summary>A user's role assignments with their units' paths (read across the tenant filter, by account).</summary>
    internal static Task<List<CallerAssignment>> LoadAssignmentsAsync(PortalDbContext db, Guid customerId, Guid userId, CancellationToken cancellationToken) =>
        (from r in db.RoleAssignments.IgnoreQueryFilters()
         join o in db.OrgUnits.IgnoreQueryFilters() on r.OrgUnitId equals o.Id
         where r.UserId == userId && r.CustomerId == customerId
         select new CallerAssignment(r.Role, r.OrgUnitId, o.Path))
        .AsNoTracking()
        .ToListAsync(cancellationToken);

    internal static async Task<Caller?> LoadAsync(PortalDbContext db, string clientId, CancellationToken cancellationToken)
    {
        var client = await db.ApiClients.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null, cancellationToken);
        if (client is null)
        {
            return null;
        }
        if (client.CustomerId is not { } customerId)
        {
            return new Caller { ClientId = clientId, ApiClientId = client.Id, SupplierRoles = client.SupplierRoles };
        }

        var user = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.Id == client.UserId && u.CustomerId == customerId && u.Active)
            .Select(u => new { u.Id })
            .FirstOrDefaultAsync(cancellationToken);
        var customerActive = await db.Customers.AnyAsync(c => c.Id == customerId && c.Active, cancellationToken);
        if (user is null || !customerActive)
        {
            return null;
        }
        var assignments = await LoadAssignmentsAsync(db, customerId, user.Id, cancellationToken);
        return new Caller { ClientId = clientId, ApiClientId = client.Id, CustomerId = customerId, UserId = user.Id, Assignments = assignments };
    }
}
