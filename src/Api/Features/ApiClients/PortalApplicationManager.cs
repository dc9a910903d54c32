using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Portal.Api.Features.ApiClients;

/// <summary>
/// OpenIddict's application manager, plus the grace period of a rotated secret: when the current secret
/// does not match, the one replaced by the last rotation is accepted until its deadline. Both are PBKDF2
/// hashes compared in constant time by OpenIddict's own comparison.
/// </summary>
public sealed class PortalApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    PortalDbContext db,
    TimeProvider clock)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override async ValueTask<bool> ValidateClientSecretAsync(
        OpenIddictEntityFrameworkCoreApplication application, string secret, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateClientSecretAsync(application, secret, cancellationToken))
        {
            return true;
        }
        var clientId = await GetClientIdAsync(application, cancellationToken);
        var now = clock.GetUtcNow();
        var previous = await db.ApiClients.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.ClientId == clientId && c.RevokedAt == null && c.PreviousSecretHash != null)
            .Select(c => new { c.PreviousSecretHash, c.PreviousSecretValidUntil })
            .FirstOrDefaultAsync(cancellationToken);
        return previous is { PreviousSecretHash: { } hash, PreviousSecretValidUntil: { } until }
            && until > now
            && await ValidateClientSecretAsync(secret, hash, cancellationToken);
    }

    /// <summary>The stored (hashed) secret of an application, kept as the previous one on rotation.</summary>
    public ValueTask<string?> GetClientSecretHashAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken) =>
        Store.GetClientSecretAsync(application, cancellationToken);
}
