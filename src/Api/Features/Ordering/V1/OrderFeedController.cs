namespace Portal.Api.Features.Ordering.V1;

/// <summary>The ERP's order feed.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/order-feed")]
[Produces("application/json")]
public sealed class OrderFeedController(OrderFeedService feed) : ControllerBase
{
    /// <summary>Every order change after the cursor, exactly once, in a stable order; poll with <c>nextCursor</c>.</summary>
    /// <param name="after">The <c>nextCursor</c> of the previous page; omit to start at the beginning.</param>
    /// <param name="limit">Page size, 1 to 1,000 (default 100).</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The next changes (possibly none) and the cursor to continue from.</response>
    [HttpGet]
    [RequirePermission(Permission.OrderFeedRead)]
    [ProducesResponseType<OrderFeedPage>(StatusCodes.Status200OK)]
    public Task<OrderFeedPage> Read([FromQuery] string? after, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        feed.ReadAsync(after, limit, cancellationToken);
}
