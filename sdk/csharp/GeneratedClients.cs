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
}

/// <summary>
/// The catalog's categories (<c>/api/v1/categories</c>). Use it through <see cref="PortalClient.Categories"/>.
/// </summary>
public partial class CategoriesClient
{
}

/// <summary>The operations of <see cref="CategoriesClient"/>, for substituting it in tests.</summary>
public partial interface ICategoriesClient
{
}

/// <summary>
/// Customer accounts (<c>/api/v1/customers</c>): create, list, read, change (supplier side); a customer's own account. Use it through <see cref="PortalClient.Customers"/>.
/// </summary>
public partial class CustomersClient
{
}

/// <summary>
/// The org-unit tree of the account (<c>/api/v1/org-units</c>). Use it through <see cref="PortalClient.OrgUnits"/>.
/// </summary>
public partial class OrgUnitsClient
{
}

/// <summary>
/// Users of the account and their roles at org units (<c>/api/v1/users</c>). Use it through <see cref="PortalClient.Users"/>.
/// </summary>
public partial class UsersClient
{
}

/// <summary>
/// Cost centers of the account (<c>/api/v1/cost-centers</c>). Use it through <see cref="PortalClient.CostCenters"/>.
/// </summary>
public partial class CostCentersClient
{
}

/// <summary>
/// Delivery and billing addresses of the account (<c>/api/v1/addresses</c>). Use it through <see cref="PortalClient.Addresses"/>.
/// </summary>
public partial class AddressesClient
{
}

/// <summary>
/// OAuth clients for integrations: create, rotate, revoke (<c>/api/v1/api-clients</c>). Use it through <see cref="PortalClient.ApiClients"/>.
/// </summary>
public partial class ApiClientsClient
{
}

/// <summary>
/// The caller itself: client, user, account, effective roles (<c>/api/v1/me</c>). Use it through <see cref="PortalClient.Me"/>.
/// </summary>
public partial class MeClient
{
}

/// <summary>
/// The GDPR access log (<c>/api/v1/access-log</c>). Use it through <see cref="PortalClient.AccessLog"/>.
/// </summary>
public partial class AccessLogClient
{
}

/// <summary>
/// The account's own prices: up to 500 lines per calculation (<c>/api/v1/price-calculations</c>).
/// </summary>
public partial class PriceCalculationsClient
{
}

/// <summary>
/// Price conditions synchronised from the ERP: batch upsert (JSON or CSV), list, delete (<c>/api/v1/pricing/conditions</c>).
/// </summary>
public partial class PriceConditionsClient
{
}

/// <summary>
/// Server-side carts: quick order, barcode scans, CSV upload, live prices (<c>/api/v1/carts</c>). Use it through <see cref="PortalClient.Carts"/>.
/// </summary>
public partial class CartsClient
{
}

/// <summary>
/// Orders: place (idempotent), history with filters, status, reorder, documents (<c>/api/v1/orders</c>). Use it through <see cref="PortalClient.Orders"/>.
/// </summary>
public partial class OrdersClient
{
}

/// <summary>
/// EDI-style CSV list orders, one order per customer reference (<c>/api/v1/order-imports</c>). Use it through <see cref="PortalClient.OrderImports"/>.
/// </summary>
public partial class OrderImportsClient
{
}

/// <summary>
/// The ERP's order feed: every order change exactly once, resumable (<c>/api/v1/order-feed</c>). Use it through <see cref="PortalClient.OrderFeed"/>.
/// </summary>
public partial class OrderFeedClient
{
}

/// <summary>
/// Approval rules of the account (<c>/api/v1/approval-rules</c>): conditions and levels. Use it through <see cref="PortalClient.ApprovalRules"/>.
/// </summary>
public partial class ApprovalRulesClient
{
}

/// <summary>
/// Approvals (<c>/api/v1/approvals</c>): <c>ListAsync("pending")</c> lists what the caller may decide, with the
/// order and its budget effect; <c>ApproveAsync</c> and <c>RejectAsync</c> decide the open level. Use it through
/// <see cref="PortalClient.Approvals"/>.
/// </summary>
public partial class ApprovalsClient
{
}

/// <summary>
/// Budgets (<c>/api/v1/budgets</c>) with committed, reserved and remaining amounts, and the report as CSV or PDF.
/// Use it through <see cref="PortalClient.Budgets"/>.
/// </summary>
public partial class BudgetsClient
{
}

/// <summary>
/// Budget checks (<c>/api/v1/budget-checks</c>): what ordering would do with an order of an amount. Use it through
/// <see cref="PortalClient.BudgetChecks"/>.
/// </summary>
public partial class BudgetChecksClient
{
}

/// <summary>
/// Quotes (<c>/api/v1/quote-requests</c>, <c>/api/v1/quotes</c>): the customer requests (<c>RequestQuoteAsync</c>),
/// reads, accepts into an order (send an idempotency key), declines or asks to revise; the sales desk
/// claims, edits the draft, sends versions and withdraws. Use it through <see cref="PortalClient.Quotes"/>.
/// </summary>
public partial class QuotesClient
{
}

/// <summary>
/// Order templates of a user, an org unit or the account: to a cart at today's prices or to an order through approvals (<c>/api/v1/order-templates</c>). Use it through <see cref="PortalClient.OrderTemplates"/>.
/// </summary>
public partial class OrderTemplatesClient
{
}

/// <summary>
/// Favorites lists, personal or shared, with current prices and stock (<c>/api/v1/favorite-lists</c>). Use it through <see cref="PortalClient.FavoriteLists"/>.
/// </summary>
public partial class FavoriteListsClient
{
}

/// <summary>
/// Reorder suggestions from the order history, explained (<c>/api/v1/reorder-suggestions</c>). Use it through <see cref="PortalClient.ReorderSuggestions"/>.
/// </summary>
public partial class ReorderSuggestionsClient
{
}

/// <summary>
/// Interval replenishment: suggested carts or orders at due times (<c>/api/v1/replenishment-schedules</c>). Use it through <see cref="PortalClient.ReplenishmentSchedules"/>.
/// </summary>
public partial class ReplenishmentSchedulesClient
{
}

/// <summary>
/// Data-subject requests about a user: the personal-data export and erasure (<c>/api/v1/users/{id}/personal-data</c>, <c>/erasure</c>). Use it through <see cref="PortalClient.PersonalData"/>.
/// </summary>
public partial class PersonalDataClient
{
}

/// <summary>
/// Supplier reports: the self-service rate of orders (<c>/api/v1/reports</c>). Use it through <see cref="PortalClient.Reports"/>.
/// </summary>
public partial class ReportsClient
{
}
