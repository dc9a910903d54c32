namespace Portal.Api.Features.Accounts.V1;

/// <summary>Cost centers of the caller's account.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/cost-centers")]
[Produces("application/json")]
public sealed class CostCentersController(CostCenterService costCenters) : ControllerBase
{
    /// <summary>Lists cost centers by code.</summary>
    /// <param name="orgUnitId">Only those of this unit.</param>
    /// <param name="active">Only active (true) or inactive (false) ones.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of cost centers.</response>
    [HttpGet]
    [RequirePermission(Permission.CostCentersRead)]
    [ProducesResponseType<Page<CostCenterDto>>(StatusCodes.Status200OK)]
    public Task<Page<CostCenterDto>> List([FromQuery] Guid? orgUnitId, [FromQuery] bool? active, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        costCenters.ListAsync(orgUnitId, active, limit, cursor, cancellationToken);

    /// <summary>Gets a cost center.</summary>
    /// <response code="200">The cost center.</response>
    /// <response code="404">No such cost center in the account.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.CostCentersRead)]
    [ProducesResponseType<CostCenterDto>(StatusCodes.Status200OK)]
    public Task<CostCenterDto> Get(Guid id, CancellationToken cancellationToken) => costCenters.GetAsync(id, cancellationToken);

    /// <summary>Creates a cost center for an org unit (administrator at the unit).</summary>
    /// <response code="201">The cost center.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller is not administrator at the unit.</response>
    /// <response code="404">The unit is not in the account.</response>
    /// <response code="409">The code is taken.</response>
    /// <response code="422">The account keeps the most cost centers allowed (10,000).</response>
    [HttpPost]
    [RequirePermission(Permission.CostCentersWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<CostCenterDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<CostCenterDto>> Create([FromBody] CreateCostCenterRequest request, CancellationToken cancellationToken)
    {
        var costCenter = await costCenters.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = costCenter.Id, version = "1" }, costCenter);
    }

    /// <summary>Renames, moves, deactivates or reactivates a cost center.</summary>
    /// <response code="200">The cost center.</response>
    /// <response code="403">The caller is not administrator there.</response>
    /// <response code="404">The cost center or unit is not in the account.</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpPatch("{id:guid}")]
    [RequirePermission(Permission.CostCentersWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<CostCenterDto>(StatusCodes.Status200OK)]
    public Task<CostCenterDto> Update(Guid id, [FromBody] UpdateCostCenterRequest request, CancellationToken cancellationToken) =>
        costCenters.UpdateAsync(id, request, cancellationToken);
}
