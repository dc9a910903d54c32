using Portal.Api.Features.AccessLog;
using Portal.Api.Infrastructure.Validation;

namespace Portal.Api.Features.Catalog.V1;

/// <summary>The supplier's catalog: search, barcode lookup and maintenance.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/products")]
[RequirePermission(Permission.CatalogRead)]
[ExcludeFromAccessLog]
[Produces("application/json")]
public sealed class ProductsController(CatalogService catalog) : ControllerBase
{
    /// <summary>Lists products in sku order, optionally searched and filtered.</summary>
    /// <param name="q">Words that must all occur (case-insensitive) in the sku, name, description or manufacturer part number.</param>
    /// <param name="category">Only products of this category code.</param>
    /// <param name="limit">Page size, 1 to 200 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">One page of products.</response>
    /// <response code="400">A parameter is not valid.</response>
    [HttpGet]
    [ProducesResponseType<Page<ProductDto>>(StatusCodes.Status200OK)]
    public Task<Page<ProductDto>> List(
        [FromQuery] string? q, [FromQuery] string? category, [FromQuery] int? limit, [FromQuery] string? cursor,
        CancellationToken cancellationToken) =>
        catalog.ListAsync(q, category, limit, cursor, cancellationToken);

    /// <summary>Gets one product by its sku. The ETag header carries its version for If-Match.</summary>
    /// <param name="sku">The article number.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The product.</response>
    /// <response code="404">No product has this sku.</response>
    [HttpGet("{sku}")]
    [ProducesResponseType<ProductDto>(StatusCodes.Status200OK)]
    public async Task<ProductDto> Get(string sku, CancellationToken cancellationToken)
    {
        var (product, etag) = await catalog.GetAsync(sku, cancellationToken);
        Response.Headers.ETag = etag;
        return product;
    }

    /// <summary>Looks a product up by the barcode a scanner read.</summary>
    /// <param name="code">GTIN-8, -12, -13 or -14 (leading zeros optional), or a scanned GS1 barcode's element string with AI 01 or 02, e.g. <c>(01)04012345678901(10)LOT7</c>.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The product with this GTIN.</response>
    /// <response code="400">The code is not digits or its check digit is wrong.</response>
    /// <response code="404">No product has this GTIN.</response>
    [HttpGet("by-gtin/{code}")]
    [ProducesResponseType<ProductDto>(StatusCodes.Status200OK)]
    public Task<ProductDto> GetByGtin([ScannedText] string code, CancellationToken cancellationToken) =>
        catalog.GetByGtinAsync(code, cancellationToken);

    /// <summary>Creates or replaces a product (supplier-admin, integration).</summary>
    /// <remarks>
    /// Send <c>If-Match</c> with the ETag from a read to replace only an unchanged product, or
    /// <c>If-None-Match: *</c> to create only.
    /// </remarks>
    /// <param name="sku">The article number.</param>
    /// <param name="product">All writable fields; fields left out take their defaults.</param>
    /// <param name="ifMatch">Replace only if the product still has this ETag.</param>
    /// <param name="ifNoneMatch"><c>*</c>: create only.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The product was replaced.</response>
    /// <response code="201">The product was created.</response>
    /// <response code="400">A field is not valid.</response>
    /// <response code="403">The caller may not change the catalog.</response>
    /// <response code="409">The GTIN belongs to another product.</response>
    /// <response code="412">The precondition (If-Match / If-None-Match) failed.</response>
    [HttpPut("{sku}")]
    [RequirePermission(Permission.CatalogWrite)]
    [Consumes("application/json")]
    [ProducesResponseType<ProductDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProductDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<ProductDto>> Put(
        string sku, [FromBody] ProductInput product,
        [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch,
        CancellationToken cancellationToken)
    {
        var (result, etag, created) = await catalog.PutAsync(sku, product, ifMatch, ifNoneMatch, cancellationToken);
        Response.Headers.ETag = etag;
        return created
            ? CreatedAtAction(nameof(Get), new { sku = result.Sku, version = "1" }, result)
            : Ok(result);
    }

    /// <summary>Creates or replaces up to 5,000 products at once, all or nothing (supplier-admin, integration).</summary>
    /// <remarks>
    /// Every row is validated before anything is written. When any row fails, nothing is applied and the
    /// 400 problem lists every error under <c>products[index].field</c>.
    /// </remarks>
    /// <param name="request">The products.</param>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">All products were applied.</response>
    /// <response code="400">At least one row is not valid; nothing was applied.</response>
    /// <response code="403">The caller may not change the catalog.</response>
    [HttpPost("batch")]
    [RequirePermission(Permission.CatalogWrite)]
    [Consumes("application/json")]
    [RequestSizeLimit(32 * 1024 * 1024)]
    [ProducesResponseType<ProductBatchResult>(StatusCodes.Status200OK)]
    public Task<ProductBatchResult> UpsertBatch([FromBody] ProductBatchRequest request, CancellationToken cancellationToken) =>
        catalog.UpsertBatchAsync(request, cancellationToken);
}
