using Portal.Api.Infrastructure.Csv;

namespace Portal.Api.Features.Ordering.V1;

/// <summary>EDI-style list orders: a CSV file becomes orders, one per customer reference.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/order-imports")]
[Produces("application/json")]
public sealed class OrderImportsController(CsvImportService imports) : ControllerBase
{
    /// <summary>The largest order import body: 100,000 rows.</summary>
    public const int MaxBodyBytes = 64 * 1024 * 1024;

    /// <summary>Places orders from CSV: one order per distinct customer_reference.</summary>
    /// <remarks>
    /// Columns: sku, quantity, customer_reference (required), cost_center, delivery_date, note. ',', ';' or tab
    /// (or the one Excel's <c>sep=</c> first line names; decimal commas in ';' and tab files), UTF-8 with or without
    /// BOM or the encoding the Content-Type names (<c>text/csv; charset=windows-1252</c>), quoted fields, header
    /// names in any case. By default nothing is placed when any row fails (400 with
    /// every error's row, column and code); <c>mode=skip-invalid</c> places the valid rows. An Idempotency-Key
    /// makes a re-sent upload a no-op.
    /// </remarks>
    /// <param name="mode">all-or-nothing (default) or skip-invalid.</param>
    /// <param name="deliveryAddressId">The delivery address of every order (default: the account's default delivery address).</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The import report with the orders placed.</response>
    /// <response code="400">Rows have errors; nothing was placed.</response>
    /// <response code="413">The file exceeds a limit (body 64 MB, 100,000 rows, 64 KB per line, 64 columns); the problem names it.</response>
    /// <response code="415">Not text/csv, or a charset this server cannot read.</response>
    /// <response code="429">The client runs the most imports it may at once.</response>
    [HttpPost]
    [RequirePermission(Permission.OrdersPlace)]
    [Consumes("text/csv")]
    [RequestSizeLimit(MaxBodyBytes)]
    [ProducesResponseType<OrderImportReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ImportProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<OrderImportReport> Import([FromQuery] string? mode, [FromQuery] Guid? deliveryAddressId, CancellationToken cancellationToken)
    {
        // Buffered to a temporary file beyond 64 kB: the file is read twice (validate, then apply) without holding it.
        Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBodyBytes);
        return await imports.ImportOrdersAsync(CsvBody.From(Request.Body, Request.ContentType), mode, deliveryAddressId, cancellationToken);
    }
}
