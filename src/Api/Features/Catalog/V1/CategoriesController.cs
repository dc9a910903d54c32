using Portal.Api.Features.AccessLog;

namespace Portal.Api.Features.Catalog.V1;

/// <summary>The catalog's categories.</summary>
[ApiController]
[ApiVersion(1.0)]
[Route("api/v{version:apiVersion}/categories")]
[RequirePermission(Permission.CatalogRead)]
[ExcludeFromAccessLog]
[Produces("application/json")]
public sealed class CategoriesController(CatalogService catalog) : ControllerBase
{
    /// <summary>Lists the category codes with their product counts.</summary>
    /// <param name="cancellationToken">Aborts the request.</param>
    /// <response code="200">The categories, by code.</response>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<CategoryDto>>(StatusCodes.Status200OK)]
    public Task<IReadOnlyList<CategoryDto>> List(CancellationToken cancellationToken) =>
        catalog.ListCategoriesAsync(cancellationToken);
}
