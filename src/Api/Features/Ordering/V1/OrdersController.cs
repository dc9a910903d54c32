namespace Portal.Api.Features.Ordering.V1;

/// <summary>Orders: placing (idempotent), history with filters, status, reorder, documents.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/orders")]
[Produces("application/json")]
public sealed class OrdersController(OrderService orders, OrderDocumentService documents) : ControllerBase
{
    /// <summary>Places an order from a cart or from lines. Send an Idempotency-Key header.</summary>
    /// <remarks>
    /// Prices, descriptions, cost centers and the delivery address are fixed on the order. Each line's cost
    /// center defaults to the requester's org unit's default cost center (or the nearest above it). The
    /// same Idempotency-Key and body answer the same order; another body with the key is a 422; a
    /// concurrent duplicate a 409.
    /// </remarks>
    /// <response code="201">The order.</response>
    /// <response code="400">The request is not valid.</response>
    /// <response code="404">The cart, address or a cost center is not the caller's.</response>
    /// <response code="409">The same Idempotency-Key is being processed.</response>
    /// <response code="422">A line cannot be ordered (its error is listed; a cart line asks for a delivery date that has passed), or the key was used for another request.</response>
    [HttpPost]
    [RequirePermission(Permission.OrdersPlace)]
    [Consumes("application/json")]
    [ProducesResponseType<OrderDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<OrderDto>> Create([FromBody] CreateOrderRequest request, CancellationToken cancellationToken)
    {
        var order = await orders.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = order.Id, version = "1" }, order);
    }

    /// <summary>The order history, newest first.</summary>
    /// <param name="from">Orders placed at or after this time.</param>
    /// <param name="to">Orders placed before this time.</param>
    /// <param name="status">One status or several, comma-separated.</param>
    /// <param name="sku">Orders with a line of this sku.</param>
    /// <param name="costCenterId">Orders with a line charged to this cost center.</param>
    /// <param name="requesterId">Orders of this user.</param>
    /// <param name="q">The order number, or part of the customer reference.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="orgUnitId">Orders placed for this org unit or a unit below it (a department with its teams).</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of orders.</response>
    /// <response code="400">A filter is not valid.</response>
    /// <response code="404">The org unit is not in the account.</response>
    [HttpGet]
    [RequirePermission(Permission.OrdersRead)]
    [ProducesResponseType<Page<OrderSummaryDto>>(StatusCodes.Status200OK)]
    public Task<Page<OrderSummaryDto>> List(
        [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, [FromQuery] string? status, [FromQuery] string? sku,
        [FromQuery] Guid? costCenterId, [FromQuery] Guid? requesterId, [FromQuery] string? q, [FromQuery] int? limit, [FromQuery] string? cursor,
        [FromQuery] Guid? orgUnitId, CancellationToken cancellationToken) =>
        orders.ListAsync(new OrderFilter(from, to, status, sku, costCenterId, requesterId, q, limit, cursor, orgUnitId), cancellationToken);

    /// <summary>Gets an order with its lines, status history and documents.</summary>
    /// <response code="200">The order.</response>
    /// <response code="404">No such order visible to the caller.</response>
    [HttpGet("{id:guid}")]
    [RequirePermission(Permission.OrdersRead)]
    [ProducesResponseType<OrderDto>(StatusCodes.Status200OK)]
    public Task<OrderDto> Get(Guid id, CancellationToken cancellationToken) => orders.GetAsync(id, cancellationToken);

    /// <summary>The ERP moves an order on: confirmed, shipped (with tracking), delivered, or cancelled.</summary>
    /// <response code="200">The order.</response>
    /// <response code="404">No such order.</response>
    /// <response code="422">The lifecycle does not allow this step.</response>
    [HttpPost("{id:guid}/status")]
    [RequirePermission(Permission.OrdersManage)]
    [Consumes("application/json")]
    [ProducesResponseType<OrderDto>(StatusCodes.Status200OK)]
    public Task<OrderDto> ChangeStatus(Guid id, [FromBody] OrderStatusRequest request, CancellationToken cancellationToken) =>
        orders.ChangeStatusAsync(id, request, cancellationToken);

    /// <summary>The ERP invoices an order (all of it, or quantities of some lines); a cXML order's buyer gets an InvoiceDetailRequest.</summary>
    /// <remarks>
    /// Idempotent by invoice number: the same number with the same content answers the invoice again (200); with
    /// other content it is a 409. Quantities are at most what was ordered less what was invoiced before; prices are
    /// the order's, amounts in the currency's minor units. Publishes <c>order.invoiced</c>.
    /// </remarks>
    /// <response code="200">The invoice, recorded before with the same content.</response>
    /// <response code="201">The invoice.</response>
    /// <response code="400">The request is not valid.</response>
    /// <response code="404">No such order.</response>
    /// <response code="409">The invoice number was used for other content.</response>
    /// <response code="422">The order is not confirmed yet (or cancelled), or a quantity exceeds what is left to invoice.</response>
    [HttpPost("{id:guid}/invoices")]
    [RequirePermission(Permission.OrdersManage)]
    [Consumes("application/json")]
    [ProducesResponseType<OrderInvoiceDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<OrderInvoiceDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<OrderInvoiceDto>> Invoice(Guid id, [FromBody] CreateInvoiceRequest request, CancellationToken cancellationToken)
    {
        var (invoice, created) = await orders.InvoiceAsync(id, request, cancellationToken);
        return created ? CreatedAtAction(nameof(Get), new { id, version = "1" }, invoice) : Ok(invoice);
    }

    /// <summary>The customer cancels an order that the supplier has not confirmed yet.</summary>
    /// <response code="200">The cancelled order.</response>
    /// <response code="404">No such order visible to the caller.</response>
    /// <response code="422">The order is confirmed already.</response>
    [HttpPost("{id:guid}/cancel")]
    [RequirePermission(Permission.OrdersPlace)]
    [ProducesResponseType<OrderDto>(StatusCodes.Status200OK)]
    public Task<OrderDto> Cancel(Guid id, [FromBody] OrderStatusRequest? request, CancellationToken cancellationToken) =>
        orders.ChangeStatusAsync(id, new OrderStatusRequest { Status = OrderStatuses.Cancelled, Reason = request?.Reason }, cancellationToken);

    /// <summary>One-click reorder: a new cart with the order's lines (or some of them) at today's prices.</summary>
    /// <response code="201">The new cart, and the lines that could not be taken over with why.</response>
    /// <response code="404">No such order or line.</response>
    /// <response code="422">The user keeps the most open carts allowed (100).</response>
    [HttpPost("{id:guid}/reorder")]
    [RequirePermission(Permission.OrdersPlace)]
    [ProducesResponseType<ReorderResult>(StatusCodes.Status201Created)]
    public async Task<ActionResult<ReorderResult>> Reorder(Guid id, [FromBody] ReorderRequest? request, CancellationToken cancellationToken)
    {
        var result = await orders.ReorderAsync(id, request, cancellationToken);
        return CreatedAtAction(nameof(CartsController.Get), "Carts", new { id = result.Cart.Id, version = "1" }, result);
    }

    /// <summary>The ERP attaches a PDF (invoice, delivery note, ...) to an order.</summary>
    /// <param name="id">The order.</param>
    /// <param name="kind">invoice, delivery-note, order-confirmation or other.</param>
    /// <param name="fileName">The file name shown for downloads.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="201">The document's metadata.</response>
    /// <response code="400">Not a PDF, too large, or a bad kind or name.</response>
    /// <response code="404">No such order.</response>
    [HttpPost("{id:guid}/documents")]
    [RequirePermission(Permission.OrderDocumentsWrite)]
    [Consumes("application/pdf")]
    [RequestSizeLimit(21 * 1024 * 1024)]
    [ProducesResponseType<OrderDocumentDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<OrderDocumentDto>> UploadDocument(Guid id, [FromQuery] string? kind, [FromQuery] string? fileName, CancellationToken cancellationToken)
    {
        var document = await documents.UploadAsync(id, kind, fileName, Request.ContentType, Request.Body, cancellationToken);
        return CreatedAtAction(nameof(DownloadDocument), new { id, documentId = document.Id, version = "1" }, document);
    }

    /// <summary>Downloads a document of an order (authorised like the order).</summary>
    /// <response code="200">The PDF.</response>
    /// <response code="404">No such order or document visible to the caller.</response>
    [HttpGet("{id:guid}/documents/{documentId:guid}")]
    [RequirePermission(Permission.OrdersRead)]
    [Produces("application/pdf")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, "application/pdf")]
    public async Task<IActionResult> DownloadDocument(Guid id, Guid documentId, CancellationToken cancellationToken)
    {
        var document = await documents.DownloadAsync(id, documentId, cancellationToken);
        Response.Headers.CacheControl = "private, no-store";
        return File(document.Content, document.ContentType, document.FileName);
    }
}
