namespace Portal.Api.Features.Punchout.V1;

/// <summary>An account's punchout set-up: cXML credentials and shared secret, SAP OCI username and password, allowed return and hook URLs (supplier-admin).</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/customers/{id:guid}/punchout")]
[Produces("application/json")]
public sealed class PunchoutSettingsController(PunchoutSettingsService settings, IOptions<PortalOptions> options) : ControllerBase
{
    private string EndpointUrl => PublicUrls.Base(options.Value, HttpContext) + "/punchout/cxml";

    /// <summary>Gets the account's punchout set-up (the shared secret and the OCI password are never returned).</summary>
    /// <response code="200">The set-up; <c>cxml</c> and <c>oci</c> are null while that protocol is not set up.</response>
    /// <response code="404">No such account.</response>
    [HttpGet]
    [RequirePermission(Permission.PunchoutConfigure)]
    [ProducesResponseType<PunchoutSettingsDto>(StatusCodes.Status200OK)]
    public Task<PunchoutSettingsDto> Get(Guid id, CancellationToken cancellationToken) => settings.GetAsync(id, EndpointUrl, cancellationToken);

    /// <summary>Sets up cXML and/or SAP OCI punchout for the account, or changes it.</summary>
    /// <remarks>
    /// Procurement systems are configured with the returned <c>endpointUrl</c>, one of the credentials as
    /// From (or Sender) identity, and the shared secret. The secret is stored hashed; omit it to keep the
    /// current one. A credential identifies one account only. SAP OCI buyers call <c>oci.endpointUrl</c> with
    /// the OCI username and password (stored hashed); a HOOK_URL must start with one of <c>oci.allowedHookUrls</c>,
    /// and OCI sessions shop as <c>defaultBuyerEmail</c>. A protocol left out keeps its current settings.
    /// </remarks>
    /// <response code="200">The stored set-up.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="404">No such account.</response>
    /// <response code="409">A credential or the OCI username identifies another account already.</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpPut]
    [RequirePermission(Permission.PunchoutConfigure)]
    [Consumes("application/json")]
    [ProducesResponseType<PunchoutSettingsDto>(StatusCodes.Status200OK)]
    public Task<PunchoutSettingsDto> Put(Guid id, [FromBody] PutPunchoutSettingsRequest request, CancellationToken cancellationToken) =>
        settings.PutAsync(id, request, EndpointUrl, Request.Headers.IfMatch.ToString(), cancellationToken);
}
