namespace Portal.Api.Features.Sso;

/// <summary>An account's identity provider: exactly one of <c>oidc</c> or <c>saml</c>.</summary>
public sealed record PutSsoRequest
{
    public OidcSettingsRequest? Oidc { get; init; }

    public SamlSettingsRequest? Saml { get; init; }

    /// <summary>E-mail domains whose users sign in here (home-realm discovery); a signed-in address must be in one of them.</summary>
    public IReadOnlyList<string>? EmailDomains { get; init; }

    /// <summary>IdP groups mapped to roles at org units; roles are re-synced at every login.</summary>
    public IReadOnlyList<SsoRoleMappingRequest>? RoleMappings { get; init; }

    /// <summary>The account's users get user tokens only through this IdP (client credentials of clients acting as users are refused).</summary>
    public bool? RequireSso { get; init; }
}

/// <summary>An OpenID Connect provider (code flow with PKCE).</summary>
public sealed record OidcSettingsRequest
{
    /// <summary>The issuer URL; its discovery document is at <c>{authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; init; }

    public string? ClientId { get; init; }

    /// <summary>Stored encrypted; omit to keep the current one.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>Default <c>openid email profile</c>.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    public SsoClaimNames? Claims { get; init; }
}

/// <summary>A SAML 2.0 identity provider.</summary>
public sealed record SamlSettingsRequest
{
    public string? IdpEntityId { get; init; }

    /// <summary>The IdP's single sign-on URL (HTTP-Redirect binding).</summary>
    public string? SsoUrl { get; init; }

    /// <summary>PEM certificates the IdP signs with (more than one during a rollover).</summary>
    public IReadOnlyList<string>? SigningCertificates { get; init; }

    public string? NameIdFormat { get; init; }

    public SsoClaimNames? Attributes { get; init; }
}

/// <summary>Names of the claims (OIDC) or attributes (SAML) that carry e-mail, display name and groups.</summary>
public sealed record SsoClaimNames(string? Email, string? Name, string? Groups);

/// <summary>Members of <c>group</c> get <c>role</c> at <c>orgUnitId</c>.</summary>
public sealed record SsoRoleMappingRequest(string? Group, string? Role, Guid? OrgUnitId);

/// <summary>An account's SSO set-up (the OIDC client secret is never returned).</summary>
/// <param name="CustomerId">The account.</param>
/// <param name="Protocol">oidc or saml.</param>
/// <param name="Oidc">The OpenID Connect provider (when protocol is oidc).</param>
/// <param name="Saml">The SAML identity provider (when protocol is saml).</param>
/// <param name="EmailDomains">E-mail domains that lead to this IdP.</param>
/// <param name="RoleMappings">IdP groups mapped to roles at org units.</param>
/// <param name="RequireSso">Whether the account's users get user tokens only through this IdP.</param>
/// <param name="ServiceProvider">What to register at the IdP: our entity id, ACS, metadata and OIDC redirect URLs.</param>
public sealed record SsoSettingsDto(
    Guid CustomerId,
    string Protocol,
    OidcSettingsDto? Oidc,
    SamlSettingsDto? Saml,
    IReadOnlyList<string> EmailDomains,
    IReadOnlyList<SsoRoleMappingDto> RoleMappings,
    bool RequireSso,
    SsoServiceProviderDto ServiceProvider);

public sealed record OidcSettingsDto(string Authority, string ClientId, bool HasClientSecret, IReadOnlyList<string> Scopes, SsoClaimNames Claims);

public sealed record SamlSettingsDto(string IdpEntityId, string SsoUrl, IReadOnlyList<string> SigningCertificates, string? NameIdFormat, SsoClaimNames Attributes);

public sealed record SsoRoleMappingDto(string Group, string Role, Guid OrgUnitId);

public sealed record SsoServiceProviderDto(string SamlEntityId, string SamlAcsUrl, string SamlMetadataUrl, string OidcRedirectUri);
