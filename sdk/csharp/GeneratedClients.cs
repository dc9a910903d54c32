namespace Portal.Client;

// Hand-written halves of the generated clients (obj/Generated/PortalClient.g.cs). The type-level
// documentation lives here because the generated halves carry none.

/// <summary>
/// The catalog's products (<c>/api/v1/products</c>): search and list (<see cref="ListAsync"/>,
/// <see cref="ListAllAsync"/>), read by sku or GTIN, create or replace, bulk upsert. Use it through
/// <see cref="PortalClient.Products"/>, which authenticates and retries.
/// </summary>
public partial class ProductsClient
{
    // Keep the body text of every answer so that PortalApiException.ResponseBody and the problem fields
    // are filled for error answers too.
    partial void Initialize() => ReadResponseAsString = true;
}

/// <summary>
/// The catalog's categories (<c>/api/v1/categories</c>). Use it through <see cref="PortalClient.Categories"/>.
/// </summary>
public partial class CategoriesClient
{
    partial void Initialize() => ReadResponseAsString = true;
}

/// <summary>The operations of <see cref="CategoriesClient"/>, for substituting it in tests.</summary>
public partial interface ICategoriesClient
{
}
