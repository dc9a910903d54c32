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

    /// <summary>
    /// The caller of a user token (an app acting as the user who signed in): null unless the app is active,
    /// the user active and of the app's own account, and the account active.
    /// </summary>
    public async Task<Caller?> ByUserTokenAsync(string clientId, Guid userId, CancellationToken cancellationToken)
    {
        var client = await db.ApiClients.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null, cancellationToken);
        if (client is not { CustomerId: { } customerId } || client.UserId is not null)
        {
            return null;
        }
        var userActive = await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == userId && u.CustomerId == customerId && u.Active, cancellationToken);
        var customerActive = await db.Customers.AnyAsync(c => c.Id == customerId && c.Active, cancellationToken);
        if (!userActive || !customerActive)
        {
            return null;
        }
        var assignments = await AssignmentsAsync(customerId, userId, cancellationToken);
        return new Caller { ClientId = clientId, ApiClientId = client.Id, CustomerId = customerId, UserId = userId, Assignments = assignments };
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
