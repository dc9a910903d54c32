namespace Portal.Api.Features.Accounts.V1;

/// <summary>Delivery and billing addresses of the caller's account.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/addresses")]
[Produces("application/json")]
public sealed class AddressesController(AddressService addresses) : ControllerBase
{
    /// <summary>Lists addresses.</summary>
    /// <param name="kind">delivery or billing.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of addresses.</response>
    [HttpGet]
    [RequirePermission(Permission.AddressesRead)]
    [ProducesResponseType<Page<AddressDto>>(StatusCodes.Status200OK)]
    public Task<Page<AddressDto>> List([FromQuery] string? kind, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        addresses.ListAsync(kind, limit, cursor, cancellationToken);

    /// <summary>Gets an address.</summary>
    /// <response code="200">The address.</response>
    /// <response code="404">No such address in the account.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.AddressesRead)]
    [ProducesResponseType<AddressDto>(StatusCodes.Status200OK)]
    public Task<AddressDto> Get(Guid id, CancellationToken cancellationToken) => addresses.GetAsync(id, cancellationToken);

    /// <summary>Creates an address.</summary>
    /// <response code="201">The address.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller is not administrator for the address's unit.</response>
    /// <response code="404">The unit is not in the account.</response>
    /// <response code="422">The account keeps the most addresses allowed (1,000).</response>
    [HttpPost]
    [RequirePermission(Permission.AddressesWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<AddressDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<AddressDto>> Create([FromBody] AddressRequest request, CancellationToken cancellationToken)
    {
        var address = await addresses.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = address.Id, version = "1" }, address);
    }

    /// <summary>Replaces an address.</summary>
    /// <response code="200">The address.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller is not administrator for the address's unit.</response>
    /// <response code="404">No such address in the account.</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpPut("{id:guid}")]
    [RequirePermission(Permission.AddressesWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<AddressDto>(StatusCodes.Status200OK)]
    public Task<AddressDto> Replace(Guid id, [FromBody] AddressRequest request, CancellationToken cancellationToken) =>
        addresses.ReplaceAsync(id, request, cancellationToken);

    /// <summary>Deletes an address (orders keep their own copy).</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="403">The caller is not administrator for the address's unit.</response>
    /// <response code="404">No such address in the account.</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpDelete("{id:guid}")]
    [RequirePermission(Permission.AddressesWrite)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await addresses.DeleteAsync(id, cancellationToken);
        return NoContent();
    }
}
