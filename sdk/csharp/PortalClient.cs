using System.Net.Http.Headers;
using Portal.Client.Http;

namespace Portal.Client;

/// <summary>
/// The entry point of the Portal API v1: one object per set of credentials, holding the typed clients
/// of each area (<see cref="Products"/>, <see cref="Pricing"/>, <see cref="Orders"/>, ...). Every list
/// offers <c>ListAsync</c> (one page) and <c>ListAllAsync</c> (every item, auto-paging). It authenticates with OAuth 2.0
/// client credentials, caches and renews the token, and retries transient failures. Thread-safe; create
/// one and reuse it (or register it with <c>services.AddPortalClient(...)</c>).
/// </summary>
/// <example>
/// <code>
/// using var portal = new PortalClient(new PortalClientOptions
/// {
///     BaseUri = new Uri("https://portal.example.com/"),
///     ClientId = "my-client",
///     ClientSecret = "my-secret",
/// });
/// var page = await portal.Products.ListAsync(q: "screw");
/// var product = await portal.Products.GetWithResponseAsync("FAS-1001"); // product.Value, product.ETag
/// </code>
/// </example>
public sealed class PortalClient : IPortalClient, IDisposable
{
    /// <summary>The name of the <see cref="System.Net.Http.IHttpClientFactory"/> client that <c>AddPortalClient</c> registers.</summary>
    public const string HttpClientName = "Portal.Client";

    private static readonly ProductInfoHeaderValue UserAgent =
        new("Portal.Client", typeof(PortalClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly ClientCredentialsTokenProvider? _ownedTokens;
    private bool _disposed;

    /// <summary>Creates a client that sends its requests through its own HTTP pipeline.</summary>
    /// <param name="options">The API address, the credentials and the retry settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A required option is missing or invalid.</exception>
    public PortalClient(PortalClientOptions options)
        : this(options ?? throw new ArgumentNullException(nameof(options)), new ClientCredentialsTokenProvider(options))
    {
    }

    private PortalClient(PortalClientOptions options, ClientCredentialsTokenProvider tokens)
        : this(options, CreatePipeline(options, tokens), ownsHttpClient: true)
    {
        _ownedTokens = tokens;
    }

    /// <summary>
    /// Creates a client over an <see cref="System.Net.Http.HttpClient"/> whose handlers already
    /// authenticate and retry (the one the <see cref="System.Net.Http.IHttpClientFactory"/> builds).
    /// </summary>
    internal PortalClient(PortalClientOptions options, HttpClient pipeline, bool ownsHttpClient)
    {
        options.Validate();
        _httpClient = pipeline;
        _ownsHttpClient = ownsHttpClient;
        BaseUri = options.GetBaseUri();

        _httpClient.DefaultRequestHeaders.UserAgent.Add(UserAgent);
        if (!string.IsNullOrWhiteSpace(options.CustomerId))
        {
            _httpClient.DefaultRequestHeaders.Add(PortalClientOptions.CustomerHeaderName, options.CustomerId);
        }

        var baseUrl = BaseUri.AbsoluteUri;
        Products = new ProductsClient(baseUrl, _httpClient);
        Categories = new CategoriesClient(baseUrl, _httpClient);
        Customers = new CustomersClient(baseUrl, _httpClient);
        OrgUnits = new OrgUnitsClient(baseUrl, _httpClient);
        Users = new UsersClient(baseUrl, _httpClient);
        CostCenters = new CostCentersClient(baseUrl, _httpClient);
        Addresses = new AddressesClient(baseUrl, _httpClient);
        ApiClients = new ApiClientsClient(baseUrl, _httpClient);
        Me = new MeClient(baseUrl, _httpClient);
        Pricing = new PriceCalculationsClient(baseUrl, _httpClient);
        Carts = new CartsClient(baseUrl, _httpClient);
        Orders = new OrdersClient(baseUrl, _httpClient);
        OrderImports = new OrderImportsClient(baseUrl, _httpClient);
        OrderFeed = new OrderFeedClient(baseUrl, _httpClient);
        PriceConditions = new PriceConditionsClient(baseUrl, _httpClient);
        AccessLog = new AccessLogClient(baseUrl, _httpClient);
        PunchoutSettings = new PunchoutSettingsClient(baseUrl, _httpClient);
        SsoSettings = new SsoSettingsClient(baseUrl, _httpClient);
        ApprovalRules = new ApprovalRulesClient(baseUrl, _httpClient);
        Approvals = new ApprovalsClient(baseUrl, _httpClient);
        Budgets = new BudgetsClient(baseUrl, _httpClient);
        BudgetChecks = new BudgetChecksClient(baseUrl, _httpClient);
        Quotes = new QuotesClient(baseUrl, _httpClient);
        OrderTemplates = new OrderTemplatesClient(baseUrl, _httpClient);
        FavoriteLists = new FavoriteListsClient(baseUrl, _httpClient);
        ReorderSuggestions = new ReorderSuggestionsClient(baseUrl, _httpClient);
        ReplenishmentSchedules = new ReplenishmentSchedulesClient(baseUrl, _httpClient);
        PersonalData = new PersonalDataClient(baseUrl, _httpClient);
        Reports = new ReportsClient(baseUrl, _httpClient);
    }

    /// <summary>The API's base address.</summary>
    public Uri BaseUri { get; }

    /// <summary>The catalog's products: search, read, create or replace, bulk upsert, GTIN lookup.</summary>
    public IProductsClient Products { get; }

    /// <summary>The catalog's categories.</summary>
    public ICategoriesClient Categories { get; }

    /// <summary>The account's own prices (customer price, contract, tier, group discount or list price, with the saving).</summary>
    public IPriceCalculationsClient Pricing { get; }

    /// <summary>Price conditions synchronised from the ERP (supplier-admin, integration).</summary>
    public IPriceConditionsClient PriceConditions { get; }

    /// <summary>Server-side carts: quick order, barcode scans, CSV upload, live prices (<c>/api/v1/carts</c>).</summary>
    public ICartsClient Carts { get; }

    /// <summary>Orders: place (idempotent), history with filters, status, reorder, documents (<c>/api/v1/orders</c>).</summary>
    public IOrdersClient Orders { get; }

    /// <summary>EDI-style CSV list orders, one order per customer reference (<c>/api/v1/order-imports</c>).</summary>
    public IOrderImportsClient OrderImports { get; }

    /// <summary>The ERP's order feed: every order change exactly once, resumable (<c>/api/v1/order-feed</c>).</summary>
    public IOrderFeedClient OrderFeed { get; }

    /// <summary>Customer accounts (<c>/api/v1/customers</c>): create, list, read, change (supplier side); a customer's own account.</summary>
    public ICustomersClient Customers { get; }

    /// <summary>The org-unit tree of the account (<c>/api/v1/org-units</c>).</summary>
    public IOrgUnitsClient OrgUnits { get; }

    /// <summary>Users of the account and their roles at org units (<c>/api/v1/users</c>).</summary>
    public IUsersClient Users { get; }

    /// <summary>Cost centers of the account (<c>/api/v1/cost-centers</c>).</summary>
    public ICostCentersClient CostCenters { get; }

    /// <summary>Delivery and billing addresses of the account (<c>/api/v1/addresses</c>).</summary>
    public IAddressesClient Addresses { get; }

    /// <summary>OAuth clients for integrations: create, rotate, revoke (<c>/api/v1/api-clients</c>).</summary>
    public IApiClientsClient ApiClients { get; }

    /// <summary>The caller itself: client, user, account, effective roles (<c>/api/v1/me</c>).</summary>
    public IMeClient Me { get; }

    /// <summary>The GDPR access log (<c>/api/v1/access-log</c>).</summary>
    public IAccessLogClient AccessLog { get; }

    /// <summary>An account's cXML punchout set-up: credentials, shared secret, allowed return URLs (supplier-admin; <c>/api/v1/customers/{id}/punchout</c>).</summary>
    public IPunchoutSettingsClient PunchoutSettings { get; }

    /// <summary>An account's single sign-on: OIDC or SAML identity provider, e-mail domains, group-to-role mappings (<c>/api/v1/customers/{id}/sso</c>).</summary>
    public ISsoSettingsClient SsoSettings { get; }

    /// <summary>Approval rules of the account: conditions and levels (<c>/api/v1/approval-rules</c>).</summary>
    public IApprovalRulesClient ApprovalRules { get; }

    /// <summary>Approvals: what the caller may decide, approve, reject (<c>/api/v1/approvals</c>).</summary>
    public IApprovalsClient Approvals { get; }

    /// <summary>Budgets with real-time consumption, and the budget report as CSV or PDF (<c>/api/v1/budgets</c>).</summary>
    public IBudgetsClient Budgets { get; }

    /// <summary>Budget checks before sending an order (<c>/api/v1/budget-checks</c>).</summary>
    public IBudgetChecksClient BudgetChecks { get; }

    /// <summary>Quotes: request, read (with versions, history and PDFs), accept into an order, decline, revise; the sales desk's claim, edit, send, withdraw (<c>/api/v1/quotes</c>).</summary>
    public IQuotesClient Quotes { get; }
    /// <summary>Order templates of a user, an org unit or the account: to a cart at today's prices or to an order through approvals (<c>/api/v1/order-templates</c>).</summary>
    public IOrderTemplatesClient OrderTemplates { get; }

    /// <summary>Favorites lists, personal or shared, with current prices and stock (<c>/api/v1/favorite-lists</c>).</summary>
    public IFavoriteListsClient FavoriteLists { get; }

    /// <summary>Reorder suggestions from the order history, explained (<c>/api/v1/reorder-suggestions</c>).</summary>
    public IReorderSuggestionsClient ReorderSuggestions { get; }

    /// <summary>Interval replenishment: suggested carts or orders at due times (<c>/api/v1/replenishment-schedules</c>).</summary>
    public IReplenishmentSchedulesClient ReplenishmentSchedules { get; }

    /// <summary>Data-subject requests about a user: the personal-data export and erasure.</summary>
    public IPersonalDataClient PersonalData { get; }

    /// <summary>Supplier reports: the self-service rate of orders.</summary>
    public IReportsClient Reports { get; }

    /// <summary>Releases the HTTP pipeline this client created (not an <see cref="PortalClientOptions.HttpClient"/> given to it).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
        _ownedTokens?.Dispose();
    }

    private static HttpClient CreatePipeline(PortalClientOptions options, ClientCredentialsTokenProvider tokens)
    {
        HttpMessageHandler transport = options.HttpClient is { } injected
            ? new HttpClientForwardingHandler(injected)
            : options.HttpClientFactory is { } factory
                ? new HttpClientForwardingHandler(() => factory.CreateClient(options.HttpClientFactoryName))
                : new HttpClientHandler();
        var retry = new PortalRetryHandler(options) { InnerHandler = transport };
        var authentication = new PortalAuthenticationHandler(tokens, options.GetBaseUri()) { InnerHandler = retry };
        return new HttpClient(authentication, disposeHandler: true) { Timeout = options.Timeout };
    }
}
