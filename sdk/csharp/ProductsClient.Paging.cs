using System.Runtime.CompilerServices;

namespace Portal.Client;

/// <summary>The operations of <see cref="ProductsClient"/>, for substituting it in tests.</summary>
public partial interface IProductsClient
{
    /// <summary>
    /// Lists every product matching the search, in sku order, fetching the pages one after another as the
    /// sequence is enumerated (following <c>nextCursor</c>).
    /// </summary>
    /// <param name="q">Words that must all occur (case-insensitive) in the sku, name, description or manufacturer part number.</param>
    /// <param name="category">Only products of this category code.</param>
    /// <param name="pageSize">Products per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The products, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<ProductDto> ListAllAsync(string? q = null, string? category = null, int? pageSize = null, CancellationToken cancellationToken = default);
}

public partial class ProductsClient
{
    /// <inheritdoc />
    public virtual async IAsyncEnumerable<ProductDto> ListAllAsync(
        string? q = null,
        string? category = null,
        int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListAsync(q, category, pageSize, cursor, cancellationToken).ConfigureAwait(false);
            foreach (var product in page.Items)
            {
                yield return product;
            }
            if (page.NextCursor is not null && page.NextCursor == cursor)
            {
                throw new InvalidOperationException("The API returned the same cursor twice; paging stopped to avoid an endless loop.");
            }
            cursor = page.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
    }
}
