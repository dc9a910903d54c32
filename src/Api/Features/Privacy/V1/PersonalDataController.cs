namespace Portal.Api.Features.Privacy.V1;

/// <summary>Data-subject requests about a user of the account: access and portability (export), erasure (docs/privacy.md).</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/users/{id:guid}")]
[Produces("application/json")]
public sealed class PersonalDataController(PersonalDataService export, ErasureService erasure) : ControllerBase
{
    /// <summary>Exports everything held about the user: the user, its orders, carts, quotes, punchout sessions, access log and mails (GDPR Art. 15/20).</summary>
    /// <response code="200">The export.</response>
    /// <response code="403">The caller is not administrator at the user's unit.</response>
    /// <response code="404">No such user in the account.</response>
    [HttpGet("personal-data")]
    [RequirePermission(Permission.PersonalDataManage)]
    [ProducesResponseType<PersonalDataExport>(StatusCodes.Status200OK)]
    public Task<PersonalDataExport> Export(Guid id, CancellationToken cancellationToken) => export.ExportAsync(id, cancellationToken);

    /// <summary>
    /// Erases the user (GDPR Art. 17): name and e-mail, and the person in orders, carts, punchout sessions, the access
    /// log, approvals, quotes and mails, are replaced by a stable pseudonym; the user is deactivated and its API clients
    /// revoked. Orders and their amounts stay. Repeating it is harmless.
    /// </summary>
    /// <response code="200">What was erased.</response>
    /// <response code="403">The caller is not administrator at the user's unit.</response>
    /// <response code="404">No such user in the account.</response>
    /// <response code="422">The caller tried to erase itself.</response>
    [HttpPost("erasure")]
    [RequirePermission(Permission.PersonalDataManage)]
    [ProducesResponseType<ErasureResult>(StatusCodes.Status200OK)]
    public Task<ErasureResult> Erase(Guid id, CancellationToken cancellationToken) => erasure.EraseAsync(id, cancellationToken);
}
