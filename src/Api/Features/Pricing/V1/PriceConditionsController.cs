using Portal.Api.Features.AccessLog;
using Portal.Api.Infrastructure.Csv;

namespace Portal.Api.Features.Pricing.V1;

/// <summary>Price conditions synchronised from the ERP (supplier-admin, integration).</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/pricing/conditions")]
[Produces("application/json")]
[ExcludeFromAccessLog]
public sealed class PriceConditionsController(PriceConditionService conditions) : ControllerBase
{
    /// <summary>Upserts up to 10,000 conditions by their ERP key, all or nothing.</summary>
    /// <remarks>
    /// Every condition is validated first; when any fails, nothing is applied and the 400 problem lists
    /// every error under <c>conditions[index].field</c>. The same batch can be sent as <c>text/csv</c>.
    /// Changed prices show in the very next calculation, on every API instance.
    /// </remarks>
    /// <response code="200">All conditions were applied.</response>
    /// <response code="400">At least one condition is not valid; nothing was applied.</response>
    [HttpPut]
    [RequirePermission(Permission.PriceConditionsWrite)]
    [Consumes("application/json")]
    [RequestSizeLimit(64 * 1024 * 1024)]
    [ProducesResponseType<PriceConditionBatchResult>(StatusCodes.Status200OK)]
    public Task<PriceConditionBatchResult> Upsert([FromBody] PriceConditionBatchRequest request, CancellationToken cancellationToken) =>
        conditions.UpsertBatchAsync(request, cancellationToken);

    /// <summary>Upserts conditions from CSV (the columns of the JSON form; ',', ';' or tab; UTF-8, or the Content-Type's charset).</summary>
    /// <remarks>Errors are listed under <c>rows[line].column</c> with the file's line number.</remarks>
    /// <response code="200">All conditions were applied.</response>
    /// <response code="400">At least one row is not valid; nothing was applied.</response>
    [HttpPut("csv")]
    [RequirePermission(Permission.PriceConditionsWrite)]
    [Consumes("text/csv")]
    [RequestSizeLimit(64 * 1024 * 1024)]
    [ProducesResponseType<PriceConditionBatchResult>(StatusCodes.Status200OK)]
    public Task<PriceConditionBatchResult> UpsertCsv(CancellationToken cancellationToken) =>
        conditions.UpsertCsvAsync(CsvBody.From(Request.Body, Request.ContentType), cancellationToken);

    /// <summary>The CSV form on the batch path itself (PUT with Content-Type text/csv); documented as /csv.</summary>
    [HttpPut]
    [RequirePermission(Permission.PriceConditionsWrite)]
    [Consumes("text/csv")]
    [RequestSizeLimit(64 * 1024 * 1024)]
    [ApiExplorerSettings(IgnoreApi = true)]
    public Task<PriceConditionBatchResult> UpsertCsvOnBatchPath(CancellationToken cancellationToken) =>
        conditions.UpsertCsvAsync(CsvBody.From(Request.Body, Request.ContentType), cancellationToken);

    /// <summary>Lists conditions by id, filtered by sku, account or kind.</summary>
    /// <param name="sku">Only conditions of this sku.</param>
    /// <param name="customerId">Only this account's customer and contract prices.</param>
    /// <param name="kind">customer, contract, tier, group or list.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of conditions.</response>
    [HttpGet]
    [RequirePermission(Permission.PriceConditionsRead)]
    [ProducesResponseType<Page<PriceConditionDto>>(StatusCodes.Status200OK)]
    public Task<Page<PriceConditionDto>> List(
        [FromQuery] string? sku, [FromQuery] Guid? customerId, [FromQuery] string? kind, [FromQuery] int? limit, [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        conditions.ListAsync(sku, customerId, kind, limit, cursor, cancellationToken);

    /// <summary>Gets a condition by its ERP key.</summary>
    /// <response code="200">The condition.</response>
    /// <response code="404">No condition has this key.</response>
    [HttpGet("{id}")]
    [RequirePermission(Permission.PriceConditionsRead)]
    [ProducesResponseType<PriceConditionDto>(StatusCodes.Status200OK)]
    public Task<PriceConditionDto> Get(string id, CancellationToken cancellationToken) => conditions.GetAsync(id, cancellationToken);

    /// <summary>Deletes a condition by its ERP key.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No condition has this key.</response>
    [HttpDelete("{id}")]
    [RequirePermission(Permission.PriceConditionsWrite)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken)
    {
        await conditions.DeleteAsync(id, cancellationToken);
        return NoContent();
    }
}
