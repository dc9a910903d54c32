namespace Portal.Client;

/// <summary>
/// The Portal API v1 by area: what <see cref="PortalClient"/> implements. Depend on it (it is registered by
/// <c>services.AddPortalClient(...)</c>) and substitute it in tests.
/// </summary>
public interface IPortalClient
{
    /// <summary>The API's base address.</summary>
    Uri BaseUri { get; }

    /// <summary>The catalog's products: search, read, create or replace, bulk upsert, GTIN lookup.</summary>
    IProductsClient Products { get; }

    /// <summary>The catalog's categories.</summary>
    ICategoriesClient Categories { get; }

    /// <summary>The account's own prices (customer price, contract, tier, group discount or list price, with the saving).</summary>
    IPriceCalculationsClient Pricing { get; }

    /// <summary>Price conditions synchronised from the ERP (supplier-admin, integration).</summary>
    IPriceConditionsClient PriceConditions { get; }

    /// <summary>Server-side carts: quick order, barcode scans, CSV upload, live prices (<c>/api/v1/carts</c>).</summary>
    ICartsClient Carts { get; }

    /// <summary>Orders: place (idempotent), history with filters, status, reorder, documents (<c>/api/v1/orders</c>).</summary>
    IOrdersClient Orders { get; }

    /// <summary>EDI-style CSV list orders, one order per customer reference (<c>/api/v1/order-imports</c>).</summary>
    IOrderImportsClient OrderImports { get; }

    /// <summary>The ERP's order feed: every order change exactly once, resumable (<c>/api/v1/order-feed</c>).</summary>
    IOrderFeedClient OrderFeed { get; }

    /// <summary>Customer accounts (<c>/api/v1/customers</c>): create, list, read, change (supplier side); a customer's own account.</summary>
    ICustomersClient Customers { get; }

    /// <summary>The org-unit tree of the account (<c>/api/v1/org-units</c>).</summary>
    IOrgUnitsClient OrgUnits { get; }

    /// <summary>Users of the account and their roles at org units (<c>/api/v1/users</c>).</summary>
    IUsersClient Users { get; }

    /// <summary>Cost centers of the account (<c>/api/v1/cost-centers</c>).</summary>
    ICostCentersClient CostCenters { get; }

    /// <summary>Delivery and billing addresses of the account (<c>/api/v1/addresses</c>).</summary>
    IAddressesClient Addresses { get; }

    /// <summary>OAuth clients for integrations: create, rotate, revoke (<c>/api/v1/api-clients</c>).</summary>
    IApiClientsClient ApiClients { get; }

    /// <summary>The caller itself: client, user, account, effective roles (<c>/api/v1/me</c>).</summary>
    IMeClient Me { get; }

    /// <summary>The GDPR access log (<c>/api/v1/access-log</c>).</summary>
    IAccessLogClient AccessLog { get; }

    /// <summary>An account's cXML punchout set-up: credentials, shared secret, allowed return URLs (supplier-admin; <c>/api/v1/customers/{id}/punchout</c>).</summary>
    IPunchoutSettingsClient PunchoutSettings { get; }

    /// <summary>An account's single sign-on: OIDC or SAML identity provider, e-mail domains, group-to-role mappings (<c>/api/v1/customers/{id}/sso</c>).</summary>
    ISsoSettingsClient SsoSettings { get; }

    /// <summary>Approval rules of the account: conditions and levels (<c>/api/v1/approval-rules</c>).</summary>
    IApprovalRulesClient ApprovalRules { get; }

    /// <summary>Approvals: what the caller may decide, approve, reject (<c>/api/v1/approvals</c>).</summary>
    IApprovalsClient Approvals { get; }

    /// <summary>Budgets with real-time consumption, and the budget report as CSV or PDF (<c>/api/v1/budgets</c>).</summary>
    IBudgetsClient Budgets { get; }

    /// <summary>Budget checks before sending an order (<c>/api/v1/budget-checks</c>).</summary>
    IBudgetChecksClient BudgetChecks { get; }

    /// <summary>Quotes: request, read (with versions, history and PDFs), accept into an order, decline, revise; the sales desk's claim, edit, send, withdraw (<c>/api/v1/quotes</c>).</summary>
    IQuotesClient Quotes { get; }
    /// <summary>Order templates of a user, an org unit or the account: to a cart at today's prices or to an order through approvals (<c>/api/v1/order-templates</c>).</summary>
    IOrderTemplatesClient OrderTemplates { get; }

    /// <summary>Favorites lists, personal or shared, with current prices and stock (<c>/api/v1/favorite-lists</c>).</summary>
    IFavoriteListsClient FavoriteLists { get; }

    /// <summary>Reorder suggestions from the order history, explained (<c>/api/v1/reorder-suggestions</c>).</summary>
    IReorderSuggestionsClient ReorderSuggestions { get; }

    /// <summary>Interval replenishment: suggested carts or orders at due times (<c>/api/v1/replenishment-schedules</c>).</summary>
    IReplenishmentSchedulesClient ReplenishmentSchedules { get; }

    /// <summary>Data-subject requests about a user: the personal-data export and erasure (<c>/api/v1/users/{id}/personal-data</c>, <c>/erasure</c>).</summary>
    IPersonalDataClient PersonalData { get; }

    /// <summary>Supplier reports: the self-service rate of orders (<c>/api/v1/reports</c>).</summary>
    IReportsClient Reports { get; }
}
