namespace Portal.Api.Features.Reordering.V1;

/// <summary>Interval replenishment: a template run as a suggested cart or an order (through approvals) at its due times.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/replenishment-schedules")]
[Produces("application/json")]
[RequirePermission(Permission.CartsUse)]
public sealed class ReplenishmentSchedulesController(ReplenishmentScheduleService schedules) : ControllerBase
{
    /// <summary>Creates a schedule of the calling user for a template it can see.</summary>
    /// <response code="201">The schedule.</response>
    /// <response code="400">The interval, mode or due time is not valid.</response>
    /// <response code="403">Mode order needs the right to place orders, or the delivery address belongs to another unit.</response>
    /// <response code="404">No such template (or delivery address) visible to the caller.</response>
    /// <response code="422">The user has the most schedules allowed.</response>
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<ReplenishmentScheduleDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<ReplenishmentScheduleDto>> Create([FromBody] CreateReplenishmentScheduleRequest request, CancellationToken cancellationToken)
    {
        var schedule = await schedules.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = schedule.Id, version = "1" }, schedule);
    }

    /// <summary>The caller's schedules with their latest runs.</summary>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of schedules.</response>
    [HttpGet]
    [ProducesResponseType<Page<ReplenishmentScheduleDto>>(StatusCodes.Status200OK)]
    public Task<Page<ReplenishmentScheduleDto>> List([FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        schedules.ListAsync(limit, cursor, cancellationToken);

    /// <summary>Gets a schedule with its latest runs.</summary>
    /// <response code="200">The schedule.</response>
    /// <response code="404">No such schedule of the caller.</response>
    [HttpGet("{id:guid}")]
    [ProducesResponseType<ReplenishmentScheduleDto>(StatusCodes.Status200OK)]
    public Task<ReplenishmentScheduleDto> Get(Guid id, CancellationToken cancellationToken) => schedules.GetAsync(id, cancellationToken);

    /// <summary>Changes the interval, the next due time, the mode, or pauses (<c>active: false</c>) a schedule.</summary>
    /// <response code="200">The schedule.</response>
    /// <response code="400">The request is not valid.</response>
    /// <response code="403">Mode order needs the right to place orders.</response>
    /// <response code="404">No such schedule of the caller.</response>
    /// <response code="409">The schedule changed or ran meanwhile.</response>
    [HttpPatch("{id:guid}")]
    [Consumes("application/json")]
    [ProducesResponseType<ReplenishmentScheduleDto>(StatusCodes.Status200OK)]
    public Task<ReplenishmentScheduleDto> Update(Guid id, [FromBody] UpdateReplenishmentScheduleRequest request, CancellationToken cancellationToken) =>
        schedules.UpdateAsync(id, request, cancellationToken);

    /// <summary>Deletes a schedule.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No such schedule of the caller.</response>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await schedules.DeleteAsync(id, cancellationToken);
        return NoContent();
    }
}
