namespace Portal.Api.Features.Reordering.V1;

/// <summary>Favorites lists: personal, an org unit's or the account's; shown with current prices and stock.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/favorite-lists")]
[Produces("application/json")]
[RequirePermission(Permission.CartsUse)]
public sealed class FavoriteListsController(FavoriteListService lists) : ControllerBase
{
    /// <summary>Creates a favorites list. Only administrators (at the unit or above) create org-unit and account lists.</summary>
    /// <response code="201">The (empty) list.</response>
    /// <response code="400">The request is not valid.</response>
    /// <response code="403">Only administrators share lists with an org unit or the account.</response>
    /// <response code="404">The org unit is not the account's.</response>
    /// <response code="422">The user keeps the most favorites lists allowed (100).</response>
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<FavoriteListDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<FavoriteListDto>> Create([FromBody] CreateFavoriteListRequest request, CancellationToken cancellationToken)
    {
        var list = await lists.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = list.Id, version = "1" }, list);
    }

    /// <summary>The lists the caller sees: its own, its org units' (and those above them) and the account's.</summary>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of lists.</response>
    [HttpGet]
    [ProducesResponseType<Page<FavoriteListSummaryDto>>(StatusCodes.Status200OK)]
    public Task<Page<FavoriteListSummaryDto>> List([FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        lists.ListAsync(limit, cursor, cancellationToken);

    /// <summary>Gets a list with each item's current price, stock and lead time.</summary>
    /// <response code="200">The list.</response>
    /// <response code="404">No such list visible to the caller.</response>
    [HttpGet("{id:guid}")]
    [ProducesResponseType<FavoriteListDto>(StatusCodes.Status200OK)]
    public Task<FavoriteListDto> Get(Guid id, CancellationToken cancellationToken) => lists.GetAsync(id, cancellationToken);

    /// <summary>Deletes a list.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="403">The caller may see but not manage the list.</response>
    /// <response code="404">No such list visible to the caller.</response>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await lists.DeleteAsync(id, cancellationToken);
        return NoContent();
    }

    /// <summary>Puts a sku on the list (a sku already there takes the new quantity).</summary>
    /// <response code="200">The list.</response>
    /// <response code="400">The sku is unknown or the quantity not valid.</response>
    /// <response code="403">The caller may see but not manage the list.</response>
    /// <response code="404">No such list visible to the caller.</response>
    /// <response code="422">The list is full.</response>
    [HttpPost("{id:guid}/items")]
    [Consumes("application/json")]
    [ProducesResponseType<FavoriteListDto>(StatusCodes.Status200OK)]
    public Task<FavoriteListDto> AddItem(Guid id, [FromBody] AddFavoriteItemRequest request, CancellationToken cancellationToken) =>
        lists.AddItemAsync(id, request, cancellationToken);

    /// <summary>Takes a sku off the list.</summary>
    /// <response code="200">The list.</response>
    /// <response code="403">The caller may see but not manage the list.</response>
    /// <response code="404">No such list, or the sku is not on it.</response>
    [HttpDelete("{id:guid}/items/{sku}")]
    [ProducesResponseType<FavoriteListDto>(StatusCodes.Status200OK)]
    public Task<FavoriteListDto> RemoveItem(Guid id, [FromRoute] string sku, CancellationToken cancellationToken) =>
        lists.RemoveItemAsync(id, sku, cancellationToken);
}
