namespace Portal.Api.Features.Reordering.V1;

/// <summary>Reorder suggestions from the order history.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/reorder-suggestions")]
[Produces("application/json")]
public sealed class ReorderSuggestionsController(ReorderSuggestionService suggestions) : ControllerBase
{
    /// <summary>Skus ordered repeatedly (in at least 3 orders of the last year the caller can see), most due first, each explained.</summary>
    /// <param name="orgUnitId">Only orders of this org unit and the units below it.</param>
    /// <param name="limit">How many suggestions, 1 to 100 (default 20).</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The suggestions.</response>
    /// <response code="400">The limit is not valid.</response>
    /// <response code="404">The org unit is not the account's.</response>
    [HttpGet]
    [RequirePermission(Permission.OrdersRead)]
    [ProducesResponseType<ReorderSuggestionsDto>(StatusCodes.Status200OK)]
    public Task<ReorderSuggestionsDto> Get([FromQuery] Guid? orgUnitId, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        suggestions.SuggestAsync(orgUnitId, limit, cancellationToken);
}
