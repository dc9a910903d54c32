using Microsoft.AspNetCore.Authorization;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>Requires a permission of the matrix (<see cref="PermissionMatrix"/>) for an action or controller.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequirePermissionAttribute(Permission permission) : AuthorizeAttribute(PolicyPrefix + permission)
{
    public const string PolicyPrefix = "permission:";

    public Permission Permission { get; } = permission;
}

internal sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;
}

/// <summary>Builds a policy for every <c>permission:X</c> name on demand.</summary>
internal sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    /// <summary>Built once per permission: a policy is immutable, and MVC asks for it on every request.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<AuthorizationPolicy?>> _policies = new(StringComparer.Ordinal);

    public override Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(RequirePermissionAttribute.PolicyPrefix, StringComparison.Ordinal))
        {
            return base.GetPolicyAsync(policyName);
        }
        if (_policies.TryGetValue(policyName, out var cached))
        {
            return cached;
        }
        if (!Enum.TryParse<Permission>(policyName[RequirePermissionAttribute.PolicyPrefix.Length..], out var permission) || !Enum.IsDefined(permission))
        {
            return base.GetPolicyAsync(policyName);
        }
        var policy = new AuthorizationPolicyBuilder(CachedBearerHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(permission))
            .Build();
        return _policies.GetOrAdd(policyName, Task.FromResult<AuthorizationPolicy?>(policy));
    }
}

/// <summary>Grants a permission when the caller's supplier roles, or any of its customer roles, allow it.</summary>
internal sealed class PermissionHandler(CallerContext callers) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (callers.Current is { } caller && PermissionMatrix.Allows(requirement.Permission, caller))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
