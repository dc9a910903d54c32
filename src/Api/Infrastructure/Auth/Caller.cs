namespace Portal.Api.Infrastructure.Auth;

/// <summary>A role granted at an org unit, with the unit's path so that inheritance is a prefix test.</summary>
public sealed record CallerAssignment(string Role, Guid OrgUnitId, string OrgUnitPath);

/// <summary>
/// Who is calling, resolved once per request from the token's client id: the API client, and either its
/// supplier roles or the customer user it acts as with that user's role assignments. Roles are read from
/// the database on every request, so a changed role, a deactivated user or a revoked client takes effect
/// at once, not when the token expires.
/// </summary>
public sealed class Caller
{
    public required string ClientId { get; init; }

    public required Guid ApiClientId { get; init; }

    /// <summary>The customer account of a customer-side caller; null for supplier-side callers.</summary>
    public Guid? CustomerId { get; init; }

    public Guid? UserId { get; init; }

    public IReadOnlyList<string> SupplierRoles { get; init; } = [];

    public IReadOnlyList<CallerAssignment> Assignments { get; init; } = [];

    public bool IsSupplier => CustomerId is null;

    public bool HasSupplierRole(params string[] roles) => IsSupplier && SupplierRoles.Any(roles.Contains);

    /// <summary>
    /// True when the caller holds one of <paramref name="roles"/> at the unit with path
    /// <paramref name="orgUnitPath"/> or above it. Supplier-side callers pass: the permission matrix has
    /// already decided which supplier roles reach the endpoint, and they are not bound to org units.
    /// </summary>
    public bool HasRoleAt(string orgUnitPath, params string[] roles) =>
        IsSupplier
        || Assignments.Any(a => roles.Contains(a.Role) && orgUnitPath.StartsWith(a.OrgUnitPath, StringComparison.Ordinal));

    /// <summary>Throws a 403 problem unless <see cref="HasRoleAt"/>.</summary>
    public void RequireRoleAt(string orgUnitPath, string what, params string[] roles)
    {
        if (!HasRoleAt(orgUnitPath, roles))
        {
            throw new ForbiddenException($"You need the role {string.Join(" or ", roles)} at this org unit or above it to {what}.");
        }
    }
}

/// <summary>The caller of the current request; set by <see cref="CallerMiddleware"/>.</summary>
public sealed class CallerContext
{
    private Caller? _caller;

    public Caller? Current => _caller;

    public Caller Required => _caller ?? throw new InvalidOperationException("No authenticated caller in this request.");

    /// <summary>The request's <c>User-Agent</c> (at most 200 characters), set by <see cref="CallerMiddleware"/>; null outside a
    /// request (jobs, punchout). The order channel tells the SDK (<c>Portal.Client/…</c>) from other clients by it.</summary>
    public string? UserAgent { get; private set; }

    internal void SetUserAgent(string? userAgent) =>
        UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent.Length > 200 ? userAgent[..200] : userAgent;

    internal void Set(Caller caller) => _caller = caller;
}
