using OpenIddict.Abstractions;
using Portal.Api.Features.ApiClients;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Creates the supplier-admin client named by <c>Portal:Bootstrap:ClientId</c>/<c>ClientSecret</c>, or
/// resets its secret when the configuration changed. In embedded mode without configuration a demo client
/// is created so the API is usable straight away.
/// </summary>
public sealed class BootstrapClientProvisioner(
    IOpenIddictApplicationManager applications,
    PortalDbContext db,
    IOptions<PortalOptions> options,
    DatabaseMode mode,
    TimeProvider clock,
    CallerCache callerCache,
    ILogger<BootstrapClientProvisioner> logger)
{
    public const string DemoClientId = "portal-demo";
    public const string DemoClientSecret = "portal-demo-secret";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var clientId = options.Value.Bootstrap.ClientId;
        var secret = options.Value.Bootstrap.ClientSecret;
        if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(secret))
        {
            if (!mode.IsEmbedded)
            {
                logger.LogInformation("No bootstrap client configured (Portal:Bootstrap:ClientId/ClientSecret).");
                return;
            }
            clientId = DemoClientId;
            secret = DemoClientSecret;
            logger.LogWarning("Embedded mode: demo supplier-admin client {ClientId} is available. Do not use it in production.", clientId);
        }
        await EnsureClientAsync(clientId, secret, "Bootstrap supplier administrator", [Roles.SupplierAdmin], null, null, cancellationToken);
    }

    /// <summary>
    /// Creates or updates a client with a known secret (start-up provisioning and demo data only): a
    /// supplier-side client with <paramref name="supplierRoles"/>, or a customer client acting as <paramref name="userId"/>.
    /// </summary>
    internal async Task EnsureClientAsync(
        string clientId, string secret, string name, List<string> supplierRoles, Guid? customerId, Guid? userId, CancellationToken cancellationToken)
    {
        var descriptor = ApiClientService.Descriptor(clientId, name, secret);
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
            logger.LogInformation("Created client {ClientId}.", clientId);
        }
        else if (!await applications.ValidateClientSecretAsync(existing, secret, cancellationToken))
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
            logger.LogInformation("Updated client {ClientId} from configuration.", clientId);
        }

        var registration = await db.ApiClients.IgnoreQueryFilters().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (registration is null)
        {
            db.ApiClients.Add(new ApiClient
            {
                ClientId = clientId, Name = name, SupplierRoles = supplierRoles, CustomerId = customerId, UserId = userId,
                CreatedAt = clock.GetUtcNow(), CreatedBy = "configuration",
            });
        }
        else
        {
            registration.SupplierRoles = supplierRoles;
            registration.CustomerId = customerId;
            registration.UserId = userId;
            registration.RevokedAt = null;
        }
        await db.SaveChangesAsync(cancellationToken);
        await callerCache.InvalidateClientAsync(clientId, cancellationToken);
    }
}
