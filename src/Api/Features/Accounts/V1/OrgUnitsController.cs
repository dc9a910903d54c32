namespace Portal.Api.Features.Accounts.V1;

/// <summary>The caller's org-unit tree. Supplier-side callers select the account with Portal-Customer.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/org-units")]
[Produces("application/json")]
public sealed class OrgUnitsController(OrgUnitService units) : ControllerBase
{
    /// <summary>Lists org units in tree order (each after its parent).</summary>
    /// <param name="parentId">Only the children of this unit.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of units.</response>
    [HttpGet]
    [RequirePermission(Permission.OrgUnitsRead)]
    [ProducesResponseType<Page<OrgUnitDto>>(StatusCodes.Status200OK)]
    public Task<Page<OrgUnitDto>> List([FromQuery] Guid? parentId, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        units.ListAsync(parentId, limit, cursor, cancellationToken);

    /// <summary>Gets an org unit.</summary>
    /// <response code="200">The unit.</response>
    /// <response code="404">No such unit in the account.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.OrgUnitsRead)]
    [ProducesResponseType<OrgUnitDto>(StatusCodes.Status200OK)]
    public Task<OrgUnitDto> Get(Guid id, CancellationToken cancellationToken) => units.GetAsync(id, cancellationToken);

    /// <summary>Creates an org unit below another (administrator at the parent).</summary>
    /// <response code="201">The unit.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller is not administrator at the parent.</response>
    /// <response code="404">The parent is not in the account.</response>
    /// <response code="422">The account keeps the most org units allowed (10,000), or the tree would be deeper than 60 levels.</response>
    [HttpPost]
    [RequirePermission(Permission.OrgUnitsWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<OrgUnitDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<OrgUnitDto>> Create([FromBody] CreateOrgUnitRequest request, CancellationToken cancellationToken)
    {
        var unit = await units.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = unit.Id, version = "1" }, unit);
    }

    /// <summary>Renames, recodes or moves an org unit, or sets or clears its default cost center (administrator at the unit).</summary>
    /// <response code="200">The unit.</response>
    /// <response code="400">A field is not valid (a default cost center set and cleared at once).</response>
    /// <response code="403">The caller is not administrator there, or a default cost center would not serve its unit (after the move).</response>
    /// <response code="404">The unit, new parent or cost center is not in the account.</response>
    /// <response code="422">The move is impossible (root, or below itself).</response>
    /// <response code="412">The resource changed since the ETag sent in If-Match was read; nothing was changed.</response>
    [HttpPatch("{id:guid}")]
    [RequirePermission(Permission.OrgUnitsWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<OrgUnitDto>(StatusCodes.Status200OK)]
    public Task<OrgUnitDto> Update(Guid id, [FromBody] UpdateOrgUnitRequest request, CancellationToken cancellationToken) =>
        units.UpdateAsync(id, request, cancellationToken);
}
