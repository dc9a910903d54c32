namespace Portal.Api.Features.ApiClients.V1;

/// <summary>OAuth clients for integrations: created, rotated and revoked by administrators.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/api-clients")]
[Produces("application/json")]
public sealed class ApiClientsController(ApiClientService clients) : ControllerBase
{
    /// <summary>Creates a client; the answer holds its secret, which is never shown again.</summary>
    /// <response code="201">The credentials.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller may not hand this user's roles to a client.</response>
    /// <response code="404">The user is not in the account.</response>
    /// <response code="422">The account keeps the most API clients allowed (100 not revoked).</response>
    [HttpPost]
    [RequirePermission(Permission.ApiClientsWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiClientCredentials>(StatusCodes.Status201Created)]
    public async Task<ActionResult<ApiClientCredentials>> Create([FromBody] CreateApiClientRequest request, CancellationToken cancellationToken)
    {
        var credentials = await clients.CreateAsync(request, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return CreatedAtAction(nameof(Get), new { id = credentials.Id, version = "1" }, credentials);
    }

    /// <summary>Lists the account's clients (supplier admins without Portal-Customer: the supplier-side clients).</summary>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of clients.</response>
    [HttpGet]
    [RequirePermission(Permission.ApiClientsRead)]
    [ProducesResponseType<Page<ApiClientDto>>(StatusCodes.Status200OK)]
    public Task<Page<ApiClientDto>> List([FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        clients.ListAsync(limit, cursor, cancellationToken);

    /// <summary>Gets a client (without its secret).</summary>
    /// <response code="200">The client.</response>
    /// <response code="404">No such client visible to the caller.</response>
    /// <response code="403">The client acts for a user whose roles reach units the caller does not administer.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.ApiClientsRead)]
    [ProducesResponseType<ApiClientDto>(StatusCodes.Status200OK)]
    public Task<ApiClientDto> Get(Guid id, CancellationToken cancellationToken) => clients.GetAsync(id, cancellationToken);

    /// <summary>Issues a new secret; the old one keeps working for the grace period (default 24 h).</summary>
    /// <response code="200">The new credentials.</response>
    /// <response code="404">No such client visible to the caller.</response>
    /// <response code="422">The client is revoked.</response>
    /// <response code="403">The client acts for a user whose roles reach units the caller does not administer.</response>
    [HttpPost("{id:guid}/rotate")]
    [RequirePermission(Permission.ApiClientsWrite)]
    [ProducesResponseType<ApiClientCredentials>(StatusCodes.Status200OK)]
    public async Task<ApiClientCredentials> Rotate(Guid id, [FromBody] RotateApiClientRequest? request, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        return await clients.RotateAsync(id, request, cancellationToken);
    }

    /// <summary>Revokes a client: its secrets and every token issued to it stop working at once.</summary>
    /// <response code="204">Revoked.</response>
    /// <response code="404">No such client visible to the caller.</response>
    /// <response code="403">The client acts for a user whose roles reach units the caller does not administer.</response>
    [HttpDelete("{id:guid}")]
    [RequirePermission(Permission.ApiClientsWrite)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Revoke(Guid id, CancellationToken cancellationToken)
    {
        await clients.RevokeAsync(id, cancellationToken);
        return NoContent();
    }
}
