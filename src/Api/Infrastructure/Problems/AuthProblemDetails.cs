namespace Portal.Api.Infrastructure.Problems;

/// <summary>
/// The <c>detail</c> of a 401 or 403 answer that carries none: what is missing (a token, a valid token, the
/// permission of the endpoint and the roles that grant it). Object-level refusals (org-unit authority) carry
/// their own detail and are left as they are.
/// </summary>
public static class AuthProblemDetails
{
    public static string? Describe(HttpContext context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            return context.Request.Headers.Authorization.Count == 0
                ? "No access token: get one at /connect/token (OAuth 2.0 client credentials) and send it as 'Authorization: Bearer <token>'."
                : "The access token is missing, expired or not valid (or its client was revoked): get a new one at /connect/token.";
        }
        if (status != StatusCodes.Status403Forbidden)
        {
            return null;
        }
        var required = context.GetEndpoint()?.Metadata.GetOrderedMetadata<RequirePermissionAttribute>();
        if (required is null || required.Count == 0)
        {
            return "The caller's roles do not allow this operation.";
        }
        var entry = PermissionMatrix.For(required[^1].Permission);
        var holders = new List<string>();
        if (entry.SupplierRoles.Count > 0)
        {
            holders.Add("supplier role " + string.Join(" or ", entry.SupplierRoles));
        }
        if (entry.CustomerRoles.Count > 0)
        {
            holders.Add("customer role " + string.Join(" or ", entry.CustomerRoles) + " (granted at the org unit of the object or above)");
        }
        return $"This operation needs the permission '{entry.Permission}' ({entry.Description}), held by {string.Join("; ", holders)}. " +
               "The caller's roles do not include it; GET /api/v1/me lists them.";
    }
}
