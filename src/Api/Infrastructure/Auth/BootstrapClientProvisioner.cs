using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Creates the supplier-admin client named by <c>Portal:Bootstrap:ClientId</c>/<c>ClientSecret</c>, or
/// resets its secret when the configuration changed. In embedded mode without configuration a demo client
/// is created so the API is usable straight away.
/// </summary>
public sealed class BootstrapClientProvisioner(
    IOpenIddictApplicationManager applications,
    IOptions<PortalOptions> options,
    Data.DatabaseMode mode,
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

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "Bootstrap supplier administrator",
            Permissions =
            {
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.ClientCredentials,
            },
        };
        ApiClientRoles.Set(descriptor, [Roles.SupplierAdmin]);

        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
            logger.LogInformation("Created bootstrap client {ClientId}.", clientId);
            return;
        }
        if (!await applications.ValidateClientSecretAsync(existing, secret, cancellationToken))
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
            logger.LogInformation("Updated bootstrap client {ClientId} from configuration.", clientId);
        }
    }
}
