using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.AccessLog;

/// <summary>An access-log entry as the API returns it.</summary>
/// <param name="Id">The entry's id (newest first).</param>
/// <param name="Time">When the request was answered.</param>
/// <param name="ClientId">The API client that called.</param>
/// <param name="UserId">The user the client acts for, if any.</param>
/// <param name="CustomerId">The customer account the request concerned.</param>
/// <param name="Action">Method and route template.</param>
/// <param name="Resource">The request path.</param>
/// <param name="Outcome">The HTTP status answered.</param>
/// <param name="Ip">The client's address (a forwarded one only from a configured proxy).</param>
/// <param name="RequestId">The request id, as in the answer's problem documents.</param>
/// <param name="Detail">What changed beyond method and path (a role change: the roles before and after), or null.</param>
public sealed record AccessLogEntryDto(
    string Id, DateTimeOffset Time, string ClientId, Guid? UserId, Guid? CustomerId, string Action, string Resource, int Outcome, string? Ip, string? RequestId, string? Detail);

/// <summary>
/// Queries the access log: supplier admins all of it, a customer's administrators at the account's top unit their account's
/// entries. The log records every unit's requests with the caller's IP address, so a department's administrator does not read
/// it (they export the personal data, access-log entries included, of the users at their units instead).
/// </summary>
public sealed class AccessLogService(PortalDbContext db, TenantScope tenant, CallerContext callers, AccessLogWriter writer)
{
    public async Task<Page<AccessLogEntryDto>> ListAsync(
        DateTimeOffset? from, DateTimeOffset? to, Guid? userId, string? clientId, string? resource, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor);
        if (callers.Required is { IsSupplier: false } caller)
        {
            await caller.RequireAccountAdministratorAsync(db, "read the account's access log", cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);

        var query = db.AccessLog.AsNoTracking();
        if (tenant.CustomerId is { } customerId)
        {
            query = query.Where(e => e.CustomerId == customerId);
        }
        else if (!tenant.Unrestricted)
        {
            query = query.Where(_ => false);
        }
        if (from is { } f)
        {
            query = query.Where(e => e.Time >= f);
        }
        if (to is { } t)
        {
            query = query.Where(e => e.Time < t);
        }
        if (userId is { } u)
        {
            query = query.Where(e => e.UserId == u);
        }
        if (!string.IsNullOrWhiteSpace(clientId))
        {
            query = query.Where(e => e.ClientId == clientId);
        }
        if (!string.IsNullOrWhiteSpace(resource))
        {
            var prefix = resource.Trim();
            query = query.Where(e => e.Resource.StartsWith(prefix));
        }
        if (after is not null && long.TryParse(after, System.Globalization.CultureInfo.InvariantCulture, out var before))
        {
            query = query.Where(e => e.Id < before);
        }
        var rows = await query.OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        return KeysetPaging.Cut(rows, take, e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Map(e => new AccessLogEntryDto(
            e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Time, e.ClientId, e.UserId, e.CustomerId, e.Action, e.Resource, e.Outcome, e.Ip, e.RequestId, e.Detail));
    }
}
