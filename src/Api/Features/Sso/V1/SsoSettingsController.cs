namespace Portal.Api.Features.Sso.V1;

/// <summary>An account's single sign-on: its OpenID Connect or SAML 2.0 identity provider, e-mail domains and group-to-role mappings.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/customers/{id:guid}/sso")]
[Produces("application/json")]
public sealed class SsoSettingsController(SsoSettingsService settings, IOptions<PortalOptions> options) : ControllerBase
{
    private string BaseUrl => PublicUrls.Base(options.Value, HttpContext);

    /// <summary>Gets the account's SSO set-up (never the OIDC client secret) with the URLs to register at the IdP.</summary>
    /// <response code="200">The set-up.</response>
    /// <response code="403">The caller is not administrator at the account's top unit.</response>
    /// <response code="404">No such account, or no SSO set-up.</response>
    [HttpGet]
    [RequirePermission(Permission.SsoConfigure)]
    [ProducesResponseType<SsoSettingsDto>(StatusCodes.Status200OK)]
    public Task<SsoSettingsDto> Get(Guid id, CancellationToken cancellationToken) => settings.GetAsync(id, BaseUrl, cancellationToken);

    /// <summary>Sets the account's identity provider (exactly one of <c>oidc</c> or <c>saml</c>), e-mail domains, role mappings and whether SSO is required.</summary>
    /// <remarks>
    /// Register <c>serviceProvider.samlAcsUrl</c> and <c>samlEntityId</c> (SAML) or <c>oidcRedirectUri</c> (OIDC) at the IdP
    /// (docs/sso.md). Users are created at their first login; their roles are re-synced from the mappings at every login.
    /// </remarks>
    /// <response code="200">The stored set-up.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller is not administrator at the account's top unit.</response>
    /// <response code="404">No such account.</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpPut]
    [RequirePermission(Permission.SsoConfigure)]
    [Consumes("application/json")]
    [ProducesResponseType<SsoSettingsDto>(StatusCodes.Status200OK)]
    public Task<SsoSettingsDto> Put(Guid id, [FromBody] PutSsoRequest request, CancellationToken cancellationToken) =>
        settings.PutAsync(id, request, BaseUrl, Request.Headers.IfMatch.ToString(), cancellationToken);
}
