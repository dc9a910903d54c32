using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Api.Features.Sso;

/// <summary>
/// Stores an account's identity provider (supplier-admin, or the account's administrator at its top unit).
/// The OIDC client secret is encrypted with the Data Protection key ring (it has to be sent to the IdP).
/// </summary>
public sealed class SsoSettingsService(PortalDbContext db, CallerContext callers, EntityTags tags, IDataProtectionProvider protection, CallerCache callerCache, TimeProvider clock)
{
    public const string SecretPurpose = "Portal.Sso.OidcClientSecret";
    private const int MaxCertificates = 5;
    private const int MaxPemLength = 10_000;

    public async Task<SsoSettingsDto> GetAsync(Guid customerId, string baseUrl, CancellationToken cancellationToken)
    {
        await RequireAuthorityAsync(customerId, cancellationToken);
        var connection = await db.SsoConnections.AsNoTracking().Include(c => c.RoleMappings)
            .FirstOrDefaultAsync(c => c.CustomerId == customerId, cancellationToken)
            ?? throw new NotFoundException("The account has no SSO set-up.");
        tags.Answer(connection.Version);
        return ToDto(connection, baseUrl);
    }

    public async Task<SsoSettingsDto> PutAsync(Guid customerId, PutSsoRequest request, string baseUrl, string? ifMatch, CancellationToken cancellationToken)
    {
        await RequireAuthorityAsync(customerId, cancellationToken);
        var connection = await db.SsoConnections.Include(c => c.RoleMappings).FirstOrDefaultAsync(c => c.CustomerId == customerId, cancellationToken);
        if (connection is not null)
        {
            tags.RequireMatch(connection.Version, "SSO set-up");
        }
        else if (!string.IsNullOrEmpty(ifMatch) && ifMatch.Trim() != "*")
        {
            throw new PreconditionFailedException("The account has no SSO set-up yet (If-Match names a version that does not exist).");
        }

        var errors = new ValidationErrors();
        if ((request.Oidc is null) == (request.Saml is null))
        {
            errors.Add("oidc", "Send exactly one of oidc or saml.");
            errors.ThrowIfAny();
        }
        var isNew = connection is null;
        connection ??= new SsoConnection { CustomerId = customerId, Protocol = "saml" };

        if (request.Oidc is { } oidc)
        {
            connection.Protocol = "oidc";
            connection.OidcAuthority = HttpsUrl(errors, "oidc.authority", oidc.Authority);
            connection.OidcClientId = Required(errors, "oidc.clientId", oidc.ClientId, 200);
            if (oidc.ClientSecret is { } secret)
            {
                if (secret.Length is 0 or > 500)
                {
                    errors.Add("oidc.clientSecret", "The client secret has 1 to 500 characters.");
                }
                else
                {
                    connection.OidcClientSecretProtected = protection.CreateProtector(SecretPurpose).Protect(secret);
                }
            }
            var scopes = oidc.Scopes?.Select(s => s?.Trim() ?? "").Distinct().ToList() ?? ["openid", "email", "profile"];
            if (scopes.Count > 20 || scopes.Any(s => s.Length is 0 or > 100 || s.Any(char.IsWhiteSpace)))
            {
                errors.Add("oidc.scopes", "Up to 20 scopes without spaces.");
            }
            if (!scopes.Contains("openid"))
            {
                scopes.Insert(0, "openid");
            }
            connection.OidcScopes = scopes;
            ClaimNames(errors, "oidc.claims", oidc.Claims, connection, "email", "name", "groups");
            connection.SamlIdpEntityId = null;
            connection.SamlSsoUrl = null;
            connection.SamlSigningCertificates = [];
            connection.SamlNameIdFormat = null;
        }
        else if (request.Saml is { } saml)
        {
            connection.Protocol = "saml";
            connection.SamlIdpEntityId = Required(errors, "saml.idpEntityId", saml.IdpEntityId, 500);
            connection.SamlSsoUrl = HttpsUrl(errors, "saml.ssoUrl", saml.SsoUrl);
            connection.SamlNameIdFormat = saml.NameIdFormat is null ? null : Required(errors, "saml.nameIdFormat", saml.NameIdFormat, 200);
            var pems = saml.SigningCertificates ?? [];
            if (pems.Count is 0 or > MaxCertificates)
            {
                errors.Add("saml.signingCertificates", $"Send 1 to {MaxCertificates} PEM certificates.");
            }
            var normalized = new List<string>();
            for (var i = 0; i < pems.Count && i < MaxCertificates; i++)
            {
                try
                {
                    if (pems[i] is not { Length: > 0 and <= MaxPemLength } pem)
                    {
                        throw new FormatException();
                    }
                    using var certificate = X509Certificate2.CreateFromPem(pem);
                    if (certificate.GetRSAPublicKey() is null)
                    {
                        errors.Add($"saml.signingCertificates[{i}]", "Only RSA certificates are supported.");
                        continue;
                    }
                    normalized.Add(certificate.ExportCertificatePem());
                }
                catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
                {
                    errors.Add($"saml.signingCertificates[{i}]", "Not a PEM certificate (-----BEGIN CERTIFICATE-----).");
                }
            }
            connection.SamlSigningCertificates = normalized;
            ClaimNames(errors, "saml.attributes", saml.Attributes, connection,
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
                "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups");
            connection.OidcAuthority = null;
            connection.OidcClientId = null;
            connection.OidcClientSecretProtected = null;
            connection.OidcScopes = [];
        }

        var domains = request.EmailDomains?.Select(d => d?.Trim().ToLowerInvariant() ?? "").Distinct().ToList() ?? [];
        if (domains.Count > 50 || domains.Any(d => d.Length is 0 or > 253 || d.Contains('@') || !d.Contains('.') || Uri.CheckHostName(d) != UriHostNameType.Dns))
        {
            errors.Add("emailDomains", "Up to 50 domain names (acme.example).");
        }
        else
        {
            var taken = await db.SsoConnections.AsNoTracking().Where(c => c.CustomerId != customerId)
                .Select(c => c.EmailDomains).ToListAsync(cancellationToken);
            foreach (var domain in domains.Where(d => taken.Any(t => t.Contains(d))))
            {
                errors.Add("emailDomains", $"The domain '{domain}' leads to another account already.");
            }
        }
        connection.EmailDomains = domains;

        var mappings = request.RoleMappings ?? [];
        if (mappings.Count > 200)
        {
            errors.Add("roleMappings", "At most 200 role mappings.");
        }
        var unitIds = await db.OrgUnits.IgnoreQueryFilters().Where(o => o.CustomerId == customerId).Select(o => o.Id).ToListAsync(cancellationToken);
        var newMappings = new List<SsoRoleMapping>();
        for (var i = 0; i < mappings.Count && i < 200; i++)
        {
            var m = mappings[i];
            var group = Required(errors, $"roleMappings[{i}].group", m.Group, 256);
            if (m.Role is null || !Roles.Customer.Contains(m.Role))
            {
                errors.Add($"roleMappings[{i}].role", "One of: " + string.Join(", ", Roles.Customer) + ".");
            }
            if (m.OrgUnitId is not { } unit || !unitIds.Contains(unit))
            {
                errors.Add($"roleMappings[{i}].orgUnitId", "An org unit of this account.");
            }
            else if (group is not null && m.Role is not null)
            {
                newMappings.Add(new SsoRoleMapping { CustomerId = customerId, Group = group, Role = m.Role, OrgUnitId = unit });
            }
        }
        errors.ThrowIfAny();

        connection.RequireSso = request.RequireSso ?? connection.RequireSso;
        connection.UpdatedAt = clock.GetUtcNow();
        db.SsoRoleMappings.RemoveRange(connection.RoleMappings);
        connection.RoleMappings = newMappings;
        if (isNew)
        {
            db.SsoConnections.Add(connection);
        }
        else
        {
            db.Entry(connection).Property(c => c.UpdatedAt).IsModified = true;
        }
        await db.SaveChangesAsync(cancellationToken);
        // requireSso changes who may get a token: cached callers are re-read.
        await callerCache.InvalidateAllAsync(cancellationToken);
        tags.Answer(connection.Version);
        return ToDto(connection, baseUrl);
    }

    /// <summary>Supplier callers pass (the permission matrix decided); a customer administrator only for their own account, at its top unit.</summary>
    private async Task RequireAuthorityAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var caller = callers.Required;
        if (!caller.IsSupplier && caller.CustomerId != customerId)
        {
            throw new NotFoundException($"No customer account has the id '{customerId}'.");
        }
        var root = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.CustomerId == customerId && o.ParentId == null).Select(o => o.Path).FirstOrDefaultAsync(cancellationToken);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken) || root is null)
        {
            throw new NotFoundException($"No customer account has the id '{customerId}'.");
        }
        caller.RequireRoleAt(root, "configure the account's single sign-on", Roles.Administrator);
    }

    private static void ClaimNames(ValidationErrors errors, string path, SsoClaimNames? names, SsoConnection connection, string email, string name, string groups)
    {
        connection.EmailClaim = Required(errors, path + ".email", names?.Email ?? email, 200);
        connection.NameClaim = Required(errors, path + ".name", names?.Name ?? name, 200);
        connection.GroupsClaim = Required(errors, path + ".groups", names?.Groups ?? groups, 200);
    }

    private static string? Required(ValidationErrors errors, string path, string? value, int max)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > max)
        {
            errors.Add(path, $"Required, at most {max} characters.");
            return null;
        }
        return trimmed;
    }

    /// <summary>An absolute https URL (http only for localhost, as in development and tests).</summary>
    private static string? HttpsUrl(ValidationErrors errors, string path, string? value)
    {
        if (value is { Length: > 0 and <= 1000 } && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Fragment))
        {
            return value.Trim();
        }
        errors.Add(path, "An absolute https URL (at most 1000 characters).");
        return null;
    }

    internal static SsoSettingsDto ToDto(SsoConnection c, string baseUrl)
    {
        var urls = SsoUrls.For(baseUrl, c.CustomerId);
        return new SsoSettingsDto(
            c.CustomerId,
            c.Protocol,
            c.Protocol == "oidc" ? new OidcSettingsDto(c.OidcAuthority!, c.OidcClientId!, c.OidcClientSecretProtected is not null, c.OidcScopes, new SsoClaimNames(c.EmailClaim, c.NameClaim, c.GroupsClaim)) : null,
            c.Protocol == "saml" ? new SamlSettingsDto(c.SamlIdpEntityId!, c.SamlSsoUrl!, c.SamlSigningCertificates, c.SamlNameIdFormat, new SsoClaimNames(c.EmailClaim, c.NameClaim, c.GroupsClaim)) : null,
            c.EmailDomains,
            [.. c.RoleMappings.Select(m => new SsoRoleMappingDto(m.Group, m.Role, m.OrgUnitId))],
            c.RequireSso,
            new SsoServiceProviderDto(urls.SamlEntityId, urls.SamlAcsUrl, urls.SamlMetadataUrl, urls.OidcRedirectUri));
    }
}
