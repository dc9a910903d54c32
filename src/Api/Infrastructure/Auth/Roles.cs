namespace Portal.Api.Infrastructure.Auth;

/// <summary>Role names as they appear in tokens and in the permission matrix (docs/permissions.md).</summary>
public static class Roles
{
    // Supplier side
    public const string SupplierAdmin = "supplier-admin";
    public const string Sales = "sales";
    public const string Integration = "integration";

    // Customer side (granted at an org unit, inherited downwards)
    public const string Requester = "requester";
    public const string Approver = "approver";
    public const string Administrator = "administrator";
    public const string ReadOnly = "read-only";

    public static readonly IReadOnlySet<string> Supplier = new HashSet<string>(StringComparer.Ordinal) { SupplierAdmin, Sales, Integration };

    public static readonly IReadOnlySet<string> Customer = new HashSet<string>(StringComparer.Ordinal) { Requester, Approver, Administrator, ReadOnly };
}

/// <summary>Claim types Portal puts into access tokens besides the standard ones.</summary>
public static class PortalClaims
{
    public const string Role = OpenIddict.Abstractions.OpenIddictConstants.Claims.Role;
    public const string ClientId = OpenIddict.Abstractions.OpenIddictConstants.Claims.ClientId;
}
