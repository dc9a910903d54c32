using System.Runtime.CompilerServices;

namespace Portal.Client;

// Auto-paging for every cursor-paginated list of the API: ListAllAsync follows nextCursor page by page as
// the sequence is enumerated, so a caller never handles cursors. The generated ListAsync stays available
// for callers that want one page (and its cursor) at a time.

/// <summary>Follows <c>nextCursor</c> of a cursor-paginated list.</summary>
internal static class AutoPager
{
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(
        Func<string?, CancellationToken, Task<(IList<T> Items, string? NextCursor)>> fetchPage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (items, next) = await fetchPage(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                yield return item;
            }
            if (next is not null && next == cursor)
            {
                throw new InvalidOperationException("The API returned the same cursor twice; paging stopped to avoid an endless loop.");
            }
            cursor = next;
        }
        while (!string.IsNullOrEmpty(cursor));
    }
}

/// <summary>The operations of <see cref="ProductsClient"/>, for substituting it in tests.</summary>
public partial interface IProductsClient
{
    /// <summary>
    /// Lists every product matching the search, in sku order, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="q">Words that must all occur (case-insensitive) in the sku, name, description or manufacturer part number.</param>
    /// <param name="category">Only products of this category code.</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<ProductDto> ListAllAsync(string? q = null, string? category = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class ProductsClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<ProductDto> ListAllAsync(string? q = null, string? category = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<ProductDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(q, category, pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="OrdersClient"/>, for substituting it in tests.</summary>
public partial interface IOrdersClient
{
    /// <summary>
    /// Lists every order of the account matching the filters, newest first, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="from">Orders placed at or after this moment.</param>
    /// <param name="to">Orders placed before this moment.</param>
    /// <param name="status">One status or several, comma-separated.</param>
    /// <param name="sku">Only orders with a line of this sku.</param>
    /// <param name="costCenterId">Only orders with a line on this cost center.</param>
    /// <param name="requesterId">Only orders of this requester.</param>
    /// <param name="q">The order number, or part of the customer reference.</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="orgUnitId">Only orders placed for this org unit or a unit below it.</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<OrderSummaryDto> ListAllAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, string? status = null, string? sku = null, Guid? costCenterId = null, Guid? requesterId = null, string? q = null, int? pageSize = null, Guid? orgUnitId = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class OrdersClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<OrderSummaryDto> ListAllAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, string? status = null, string? sku = null, Guid? costCenterId = null, Guid? requesterId = null, string? q = null, int? pageSize = null, Guid? orgUnitId = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<OrderSummaryDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(from, to, status, sku, costCenterId, requesterId, q, pageSize, cursor, orgUnitId, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);

    // 2.0's signatures, for callers that pass options (and the token) by position; named arguments choose the ones above.

    /// <summary>As in 2.0, without the org unit filter: see the overload with <c>orgUnitId</c>.</summary>
    /// <param name="from">Orders placed at or after this moment.</param>
    /// <param name="to">Orders placed before this moment.</param>
    /// <param name="status">One status or several, comma-separated.</param>
    /// <param name="sku">Only orders with a line of this sku.</param>
    /// <param name="costCenterId">Only orders with a line on this cost center.</param>
    /// <param name="requesterId">Only orders of this requester.</param>
    /// <param name="q">The order number, or part of the customer reference.</param>
    /// <param name="pageSize">Items per request.</param>
    /// <param name="options">Per-call settings.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The items, lazily.</returns>
    public virtual IAsyncEnumerable<OrderSummaryDto> ListAllAsync(DateTimeOffset? from, DateTimeOffset? to, string? status, string? sku, Guid? costCenterId, Guid? requesterId, string? q, int? pageSize, PortalRequestOptions? options, CancellationToken cancellationToken = default) =>
        ListAllAsync(from, to, status, sku, costCenterId, requesterId, q, pageSize, null, options, cancellationToken);

    /// <summary>As in 2.0, without the org unit filter: see the overload with <c>orgUnitId</c>.</summary>
    /// <param name="from">Orders placed at or after this moment.</param>
    /// <param name="to">Orders placed before this moment.</param>
    /// <param name="status">One status or several, comma-separated.</param>
    /// <param name="sku">Only orders with a line of this sku.</param>
    /// <param name="costCenterId">Only orders with a line on this cost center.</param>
    /// <param name="requesterId">Only orders of this requester.</param>
    /// <param name="q">The order number, or part of the customer reference.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cursor">The previous page's <c>nextCursor</c>.</param>
    /// <param name="options">Per-call settings.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One page.</returns>
    public virtual System.Threading.Tasks.Task<OrderSummaryDtoPage> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? status, string? sku, Guid? costCenterId, Guid? requesterId, string? q, int? limit, string? cursor, PortalRequestOptions? options, CancellationToken cancellationToken = default) =>
        ListAsync(from, to, status, sku, costCenterId, requesterId, q, limit, cursor, null, options, cancellationToken);
}

/// <summary>The operations of <see cref="CartsClient"/>, for substituting it in tests.</summary>
public partial interface ICartsClient
{
    /// <summary>
    /// Lists every cart of the caller, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<CartSummaryDto> ListAllAsync(int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class CartsClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<CartSummaryDto> ListAllAsync(int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<CartSummaryDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(pageSize, cursor, options: options, cancellationToken: ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="PriceConditionsClient"/>, for substituting it in tests.</summary>
public partial interface IPriceConditionsClient
{
    /// <summary>
    /// Lists every price condition matching the filter, in id order, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="sku">Only conditions of this sku.</param>
    /// <param name="customerId">Only this account's customer and contract prices.</param>
    /// <param name="kind">Only conditions of this kind (list, tier, group, customer, contract).</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<PriceConditionDto> ListAllAsync(string? sku = null, Guid? customerId = null, string? kind = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class PriceConditionsClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<PriceConditionDto> ListAllAsync(string? sku = null, Guid? customerId = null, string? kind = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<PriceConditionDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(sku, customerId, kind, pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="CustomersClient"/>, for substituting it in tests.</summary>
public partial interface ICustomersClient
{
    /// <summary>
    /// Lists every customer account matching the search, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="q">Part of the name or number.</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<CustomerDto> ListAllAsync(string? q = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class CustomersClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<CustomerDto> ListAllAsync(string? q = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<CustomerDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(q, pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="OrgUnitsClient"/>, for substituting it in tests.</summary>
public partial interface IOrgUnitsClient
{
    /// <summary>
    /// Lists every org unit of the account, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="parentId">Only the children of this org unit.</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<OrgUnitDto> ListAllAsync(Guid? parentId = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class OrgUnitsClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<OrgUnitDto> ListAllAsync(Guid? parentId = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<OrgUnitDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(parentId, pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="UsersClient"/>, for substituting it in tests.</summary>
public partial interface IUsersClient
{
    /// <summary>
    /// Lists every user of the account matching the filter, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="q">Part of the e-mail or name.</param>
    /// <param name="orgUnitId">Only users of this org unit.</param>
    /// <param name="active">Only active (true) or inactive (false) users.</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<UserDto> ListAllAsync(string? q = null, Guid? orgUnitId = null, bool? active = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class UsersClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<UserDto> ListAllAsync(string? q = null, Guid? orgUnitId = null, bool? active = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<UserDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(q, orgUnitId, active, pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="CostCentersClient"/>, for substituting it in tests.</summary>
public partial interface ICostCentersClient
{
    /// <summary>
    /// Lists every cost center of the account matching the filter, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="orgUnitId">Only cost centers of this org unit.</param>
    /// <param name="active">Only active (true) or inactive (false) cost centers.</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<CostCenterDto> ListAllAsync(Guid? orgUnitId = null, bool? active = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class CostCentersClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<CostCenterDto> ListAllAsync(Guid? orgUnitId = null, bool? active = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<CostCenterDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(orgUnitId, active, pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="AddressesClient"/>, for substituting it in tests.</summary>
public partial interface IAddressesClient
{
    /// <summary>
    /// Lists every address of the account, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="kind">Only addresses of this kind (delivery or billing).</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<AddressDto> ListAllAsync(string? kind = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class AddressesClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<AddressDto> ListAllAsync(string? kind = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<AddressDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(kind, pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="ApiClientsClient"/>, for substituting it in tests.</summary>
public partial interface IApiClientsClient
{
    /// <summary>
    /// Lists every API client visible to the caller, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<ApiClientDto> ListAllAsync(int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class ApiClientsClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<ApiClientDto> ListAllAsync(int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<ApiClientDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="AccessLogClient"/>, for substituting it in tests.</summary>
public partial interface IAccessLogClient
{
    /// <summary>
    /// Lists every access-log entry matching the filter, fetching the pages one after another as the sequence is enumerated (following
    /// <c>nextCursor</c>).
    /// </summary>
    /// <param name="from">Entries at or after this moment.</param>
    /// <param name="to">Entries before this moment.</param>
    /// <param name="userId">Only entries of this user.</param>
    /// <param name="clientId">Only entries of this API client.</param>
    /// <param name="resource">Only paths starting with this, e.g. <c>/api/v1/users</c>.</param>
    /// <param name="pageSize">Items per request, 1 to 200 (the API's default is 50).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The items, lazily.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<AccessLogEntryDto> ListAllAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? userId = null, string? clientId = null, string? resource = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class AccessLogClient
{
    /// <inheritdoc />
    public virtual IAsyncEnumerable<AccessLogEntryDto> ListAllAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? userId = null, string? clientId = null, string? resource = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        AutoPager.EnumerateAsync<AccessLogEntryDto>(
            async (cursor, ct) =>
            {
                var page = await ListAsync(from, to, userId, clientId, resource, pageSize, cursor, options, ct).ConfigureAwait(false);
                return (page.Items, page.NextCursor);
            },
            cancellationToken);
}

/// <summary>The operations of <see cref="OrderFeedClient"/>, for substituting it in tests.</summary>
public partial interface IOrderFeedClient
{
    /// <summary>
    /// Reads the order feed from <paramref name="after"/> until it is caught up (a page with no entries),
    /// fetching the pages as the sequence is enumerated. Store the last entry's <see cref="OrderFeedEntry.Cursor"/>
    /// and pass it as <paramref name="after"/> next time to resume exactly after it.
    /// </summary>
    /// <param name="after">The cursor to continue after; null to read from the beginning.</param>
    /// <param name="pageSize">Entries per request, 1 to 1,000 (the API's default is 100).</param>
    /// <param name="options">Per-call settings applied to every page's request (another customer account, a timeout per page).</param>
    /// <param name="cancellationToken">Cancels the enumeration and the request in flight.</param>
    /// <returns>The entries, lazily, each exactly once.</returns>
    /// <exception cref="PortalApiException">The API answered an error.</exception>
    IAsyncEnumerable<OrderFeedEntry> ReadAllAsync(string? after = null, int? pageSize = null, PortalRequestOptions? options = null, CancellationToken cancellationToken = default);
}

public partial class OrderFeedClient
{
    /// <inheritdoc />
    public virtual async IAsyncEnumerable<OrderFeedEntry> ReadAllAsync(
        string? after = null,
        int? pageSize = null,
        PortalRequestOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = after;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await ReadAsync(cursor, pageSize, options, cancellationToken).ConfigureAwait(false);
            if (page.Items.Count == 0)
            {
                yield break;
            }
            foreach (var entry in page.Items)
            {
                yield return entry;
            }
            cursor = page.NextCursor;
        }
    }
}
