using Portal.Api.Infrastructure.Csv;
using Portal.Api.Infrastructure.Idempotency;

namespace Portal.Api.Features.Ordering.V1;

/// <summary>Server-side carts: several named carts per user, priced live, with quick order, barcode scans and CSV upload.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/carts")]
[Produces("application/json")]
[RequirePermission(Permission.CartsUse)]
public sealed class CartsController(CartService carts, CsvImportService imports) : ControllerBase
{
    /// <summary>The largest cart import body: 5,000 rows with room to spare.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>Creates a cart.</summary>
    /// <response code="201">The (empty) cart.</response>
    /// <response code="422">The user keeps the most open carts allowed (100).</response>
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<CartDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<CartDto>> Create([FromBody] CreateCartRequest request, CancellationToken cancellationToken)
    {
        var cart = await carts.CreateAsync(request, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = cart.Id, version = "1" }, cart);
    }

    /// <summary>Lists the caller's carts.</summary>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="kind">Only carts of this kind: standard, or suggested (prepared by a replenishment schedule).</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of carts.</response>
    [HttpGet]
    [ProducesResponseType<Page<CartSummaryDto>>(StatusCodes.Status200OK)]
    public Task<Page<CartSummaryDto>> List([FromQuery] int? limit, [FromQuery] string? cursor, [FromQuery] string? kind, CancellationToken cancellationToken) =>
        carts.ListAsync(limit, cursor, cancellationToken, kind);

    /// <summary>Gets a cart priced live, with stock and lead time per line.</summary>
    /// <response code="200">The cart.</response>
    /// <response code="404">No such cart of the caller.</response>
    [HttpGet("{id:guid}")]
    [ProducesResponseType<CartDto>(StatusCodes.Status200OK)]
    public Task<CartDto> Get(Guid id, CancellationToken cancellationToken) => carts.GetAsync(id, cancellationToken);

    /// <summary>Deletes a cart.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No such cart of the caller.</response>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await carts.DeleteAsync(id, cancellationToken);
        return NoContent();
    }

    /// <summary>Adds one line, or a quick-order list of lines; a sku already in the cart gets the quantity added.</summary>
    /// <response code="200">The cart.</response>
    /// <response code="400">A sku is unknown or a quantity is not valid; nothing was added.</response>
    /// <response code="404">The cart, or a cost center, is not the caller's.</response>
    [HttpPost("{id:guid}/lines")]
    [Consumes("application/json")]
    [ProducesResponseType<CartDto>(StatusCodes.Status200OK)]
    public Task<CartDto> AddLines(Guid id, [FromBody] AddCartLinesRequest request, CancellationToken cancellationToken) =>
        carts.AddLinesAsync(id, request, cancellationToken);

    /// <summary>Changes a line's quantity, cost center, note or delivery date.</summary>
    /// <response code="200">The cart.</response>
    /// <response code="400">A quantity or delivery date is not valid.</response>
    /// <response code="403">The caller may not charge that cost center.</response>
    /// <response code="404">No such cart or line.</response>
    [HttpPatch("{id:guid}/lines/{lineId:guid}")]
    [Consumes("application/json")]
    [ProducesResponseType<CartDto>(StatusCodes.Status200OK)]
    public Task<CartDto> UpdateLine(Guid id, Guid lineId, [FromBody] UpdateCartLineRequest request, CancellationToken cancellationToken) =>
        carts.UpdateLineAsync(id, lineId, request, cancellationToken);

    /// <summary>Removes a line.</summary>
    /// <response code="200">The cart.</response>
    /// <response code="404">No such cart or line.</response>
    [HttpDelete("{id:guid}/lines/{lineId:guid}")]
    [ProducesResponseType<CartDto>(StatusCodes.Status200OK)]
    public Task<CartDto> DeleteLine(Guid id, Guid lineId, CancellationToken cancellationToken) =>
        carts.DeleteLineAsync(id, lineId, cancellationToken);

    /// <summary>Adds the product a barcode scanner read (GTIN-8/12/13/14), or increments its quantity.</summary>
    /// <remarks>
    /// The code is the text as the scanner sent it: a GTIN, or a GS1 barcode (GS1-128, GS1 DataMatrix, QR,
    /// DataBar) with its symbology identifier (<c>]d2</c>), FNC1 separators (U+001D) and element strings — the
    /// GTIN is taken from application identifier 01 (or 02 on a logistic unit), the batch, expiry and serial
    /// number are ignored. A logistic unit's label with the count of items it holds (AI 02 with AI 37, e.g.
    /// (02)04006381333931(37)12) adds that count, times quantity (default 1).
    /// </remarks>
    /// <response code="200">The cart.</response>
    /// <response code="400">The code is not a valid GTIN.</response>
    /// <response code="404">No product has this GTIN, or no such cart.</response>
    [HttpPost("{id:guid}/scans")]
    [Consumes("application/json")]
    [ProducesResponseType<CartDto>(StatusCodes.Status200OK)]
    public Task<CartDto> Scan(Guid id, [FromBody] CartScanRequest request, CancellationToken cancellationToken) =>
        carts.ScanAsync(id, request, cancellationToken);

    /// <summary>Adds the rows of a CSV file (sku, quantity, cost_center, delivery_date, note) to the cart.</summary>
    /// <remarks>
    /// ',', ';' or tab delimiter (or the one Excel's <c>sep=</c> first line names), UTF-8 with or without BOM or
    /// the encoding the Content-Type names (<c>text/csv; charset=windows-1252</c>), quoted fields, header names in
    /// any case; decimal commas in ';' and tab files. Every row is validated; by default nothing is added when any
    /// row fails (400 with each error's row, column and code); <c>mode=skip-invalid</c> adds the valid rows and
    /// reports the rest. Send an Idempotency-Key to make a re-sent upload a no-op.
    /// </remarks>
    /// <param name="id">The cart.</param>
    /// <param name="mode">all-or-nothing (default) or skip-invalid.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The import report and the cart.</response>
    /// <response code="400">Rows have errors; nothing was added.</response>
    /// <response code="413">The file exceeds a limit (body 16 MB, 5,000 rows, 64 KB per line, 64 columns); the problem names it.</response>
    /// <response code="415">Not text/csv, or a charset this server cannot read.</response>
    /// <response code="429">The client runs the most imports it may at once.</response>
    [HttpPost("{id:guid}/imports")]
    [Consumes("text/csv")]
    [RequestSizeLimit(MaxBodyBytes)]
    [ProducesResponseType<CartImportReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ImportProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<CartImportReport> Import(Guid id, [FromQuery] string? mode, CancellationToken cancellationToken)
    {
        // Buffered to a temporary file beyond 64 kB: the file is read twice (validate, then apply) without holding it.
        Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBodyBytes);
        return await imports.ImportIntoCartAsync(id, CsvBody.From(Request.Body, Request.ContentType), mode, cancellationToken);
    }
}
