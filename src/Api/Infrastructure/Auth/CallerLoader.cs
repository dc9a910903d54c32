using Microsoft.EntityFrameworkCore;
using Portal.Api.Infrastructure.Data;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Reads who a caller is from the database: an API client with its supplier roles, or the customer user it
/// acts for with that user's role assignments (read across the tenant filter, by account). Used by the
/// authentication middleware (through <see cref="CallerCache"/>), the token endpoint and <see cref="ActAs"/>.
/// </summary>
public sealed class CallerLoader(PortalDbContext db)
{
    /// <summary>A user's role assignments with their units' paths.</summary>
    public Task<List<CallerAssignment>> AssignmentsAsync(Guid customerId, Guid userId, CancellationToken cancellationToken) =>
        (from r in db.RoleAssignments.IgnoreQueryFilters()
         join o in db.OrgUnits.IgnoreQueryFilters() on r.OrgUnitId equals o.Id
         where r.UserId == userId && r.CustomerId == customerId
         select new CallerAssignment(r.Role, r.OrgUnitId, o.Path))
        .AsNoTracking()
        .ToListAsync(cancellationToken);

    /// <summary>The caller of an API client; null when the client is revoked, its user deactivated or its account closed.</summary>
    public async Task<Caller?> ByClientIdAsync(string clientId, CancellationToken cancellationToken)
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
        var assignments = await AssignmentsAsync(customerId, user.Id, cancellationToken);
        return new Caller { ClientId = clientId, ApiClientId = client.Id, CustomerId = customerId, UserId = user.Id, Assignments = assignments };
    }

    /// <summary>Whether a customer account exists (supplier callers naming one in the Portal-Customer header).</summary>
    public Task<bool> CustomerExistsAsync(Guid customerId, CancellationToken cancellationToken) =>
        db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken);

    /// <summary>A caller for a customer user that did not come with a token (punchout): the given client id names the channel.</summary>
    public async Task<Caller> ForUserAsync(string channelClientId, Guid customerId, Guid? userId, CancellationToken cancellationToken)
    {
        var assignments = userId is { } user ? await AssignmentsAsync(customerId, user, cancellationToken) : [];
        return new Caller { ClientId = channelClientId, ApiClientId = Guid.Empty, CustomerId = customerId, UserId = userId, Assignments = assignments };
    }
}

/// <summary>
/// Makes a caller the one of this request: sets the <see cref="CallerContext"/> and opens the tenant scope
/// for its account (or across accounts for a supplier caller). The one way to act as someone — the
/// middleware after the token, punchout for the buyer of a session or a cXML document, provider states for
/// a demo client.
/// </summary>
public sealed class ActAs(CallerContext callers, Tenancy.TenantScope tenant, IServiceProvider services)
{
    /// <summary>Acts as <paramref name="caller"/>; a supplier caller's tenant scope is left to the caller (header or across accounts).</summary>
    public Caller Caller(Caller caller)
    {
        callers.Set(caller);
        if (caller.CustomerId is { } customerId)
        {
            tenant.ForCustomer(customerId);
        }
        return caller;
    }

    /// <summary>Acts as a customer user (or, without one, as the account) through a channel without a token (punchout).</summary>
    public async Task<Caller> UserAsync(string channelClientId, Guid customerId, Guid? userId, CancellationToken cancellationToken)
    {
        tenant.ForCustomer(customerId);
        var caller = await Loader().ForUserAsync(channelClientId, customerId, userId, cancellationToken);
        return Caller(caller);
    }

    /// <summary>Acts as an API client (provider states, jobs that run as a client); null when it is not active.</summary>
    public async Task<Caller?> ClientAsync(string clientId, CancellationToken cancellationToken) =>
        await Loader().ByClientIdAsync(clientId, cancellationToken) is { } caller ? Caller(caller) : null;

    // The loader (and with it the database context) is taken only when needed: a warm API request never creates one.
    private CallerLoader Loader() => services.GetRequiredService<CallerLoader>();
}
