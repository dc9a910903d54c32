using Portal.Api.Features.Ordering;
using Portal.Api.Features.Ordering.V1;

namespace Portal.Api.Features.Reordering.V1;

/// <summary>Order templates: a user's, an org unit's (shared downwards) or the account's; to a cart at today's prices or straight to an order.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/order-templates")]
[Produces("application/json")]
public sealed class OrderTemplatesController(OrderTemplateService templates) : ControllerBase
{
    /// <summary>Creates a template. Only administrators (at the unit or above) create org-unit and account templates.</summary>
    /// <response code="201">The template.</response>
    /// <response code="400">The request is not valid (a sku unknown, a quantity, the scope).</response>
    /// <response code="403">Only administrators share templates with an org unit or the account.</response>
    /// <response code="404">The org unit or a cost center is not the account's.</response>
    /// <response code="422">The user keeps the most templates allowed (200).</response>
    [HttpPost]
    [RequirePermission(Permission.CartsUse)]
    [Consumes("application/json")]
    [ProducesResponseType<OrderTemplateDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<OrderTemplateDto>> Create([FromBody] CreateOrderTemplateRequest request, CancellationToken cancellationToken)
    {
        var template = await templates.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = template.Id, version = "1" }, template);
    }

    /// <summary>The templates the caller sees: its own, its org units' (and those above them) and the account's.</summary>
    /// <param name="scope">Only user, org-unit or account templates.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of templates.</response>
    [HttpGet]
    [RequirePermission(Permission.CartsUse)]
    [ProducesResponseType<Page<OrderTemplateSummaryDto>>(StatusCodes.Status200OK)]
    public Task<Page<OrderTemplateSummaryDto>> List([FromQuery] string? scope, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        templates.ListAsync(scope, limit, cursor, cancellationToken);

    /// <summary>Gets a template.</summary>
    /// <response code="200">The template.</response>
    /// <response code="404">No such template visible to the caller.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.CartsUse)]
    [ProducesResponseType<OrderTemplateDto>(StatusCodes.Status200OK)]
    public Task<OrderTemplateDto> Get(Guid id, CancellationToken cancellationToken) => templates.GetAsync(id, cancellationToken);

    /// <summary>Changes a template's name, lines (replaced as a whole) or scope.</summary>
    /// <response code="200">The template.</response>
    /// <response code="400">The request is not valid.</response>
    /// <response code="403">The caller may see but not manage the template.</response>
    /// <response code="404">No such template visible to the caller.</response>
    /// <response code="409">The template changed meanwhile.</response>
    [HttpPatch("{id:guid}")]
    [RequirePermission(Permission.CartsUse)]
    [Consumes("application/json")]
    [ProducesResponseType<OrderTemplateDto>(StatusCodes.Status200OK)]
    public Task<OrderTemplateDto> Update(Guid id, [FromBody] UpdateOrderTemplateRequest request, CancellationToken cancellationToken) =>
        templates.UpdateAsync(id, request, cancellationToken);

    /// <summary>Deletes a template (and its replenishment schedules).</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="403">The caller may see but not manage the template.</response>
    /// <response code="404">No such template visible to the caller.</response>
    [HttpDelete("{id:guid}")]
    [RequirePermission(Permission.CartsUse)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await templates.DeleteAsync(id, cancellationToken);
        return NoContent();
    }

    /// <summary>A new cart of the caller with the template's lines at today's prices; lines that cannot be bought any more are reported.</summary>
    /// <response code="201">The new cart, and the lines left out with why.</response>
    /// <response code="404">No such template visible to the caller.</response>
    /// <response code="422">The user keeps the most open carts allowed (100).</response>
    [HttpPost("{id:guid}/cart")]
    [RequirePermission(Permission.CartsUse)]
    [ProducesResponseType<ReorderResult>(StatusCodes.Status201Created)]
    public async Task<ActionResult<ReorderResult>> Cart(Guid id, CancellationToken cancellationToken)
    {
        var result = await templates.CartAsync(id, cancellationToken);
        return CreatedAtAction(nameof(CartsController.Get), "Carts", new { id = result.Cart.Id, version = "1" }, result);
    }

    /// <summary>Orders the template at today's prices, through budgets and approvals. Send an Idempotency-Key header.</summary>
    /// <response code="201">The order (submitted, or pending approval).</response>
    /// <response code="400">The request is not valid.</response>
    /// <response code="404">No such template, or the address is not the account's.</response>
    /// <response code="409">A budget would be exceeded, or the same Idempotency-Key is being processed.</response>
    /// <response code="422">A line cannot be ordered (listed), or the key was used for another request.</response>
    [HttpPost("{id:guid}/order")]
    [RequirePermission(Permission.OrdersPlace)]
    [ProducesResponseType<OrderDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<OrderDto>> Order(Guid id, [FromBody] TemplateOrderRequest? request, CancellationToken cancellationToken)
    {
        var order = await templates.OrderAsync(id, request, cancellationToken);
        return CreatedAtAction(nameof(OrdersController.Get), "Orders", new { id = order.Id, version = "1" }, order);
    }
}
