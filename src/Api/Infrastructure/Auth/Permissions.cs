namespace Portal.Api.Infrastructure.Auth;

/// <summary>What an endpoint needs. Each controller action names one with <see cref="RequirePermissionAttribute"/>.</summary>
public enum Permission
{
    Me,
    CatalogRead,
    CatalogWrite,
    CustomersCreate,
    CustomersList,
    CustomersRead,
    CustomersUpdate,
    OrgUnitsRead,
    OrgUnitsWrite,
    UsersRead,
    UsersWrite,
    CostCentersRead,
    CostCentersWrite,
    AddressesRead,
    AddressesWrite,
    ApiClientsRead,
    ApiClientsWrite,
    AccessLogRead,
    PricesCalculate,
    PriceConditionsRead,
    PriceConditionsWrite,
    CartsUse,
    OrdersRead,
    OrdersPlace,
    OrdersManage,
    OrderFeedRead,
    OrderDocumentsWrite,
    PunchoutConfigure,
    WebhooksManage,
    ApprovalRulesRead,
    ApprovalRulesWrite,
    ApprovalsRead,
    ApprovalsDecide,
    BudgetsRead,
    BudgetsWrite,
    BudgetChecks,
    QuotesRead,
    QuotesRequest,
    QuotesManage,
    SsoConfigure,
    ReportsRead,
    PersonalDataManage,
}

/// <summary>
/// The permission matrix: which supplier roles and which customer roles may do what. Customer roles are
/// granted at an org unit; where an operation concerns a unit (a user's roles, a cost center's unit), the
/// services additionally require the role at that unit or above it. docs/permissions.md is generated from
/// this table (a test keeps them equal).
/// </summary>
public static class PermissionMatrix
{
    private static readonly string[] AllSupplier = [Roles.SupplierAdmin, Roles.Sales, Roles.Integration];
    private static readonly string[] AllCustomer = [Roles.Requester, Roles.Approver, Roles.Administrator, Roles.ReadOnly];

    public sealed record Entry(Permission Permission, string Description, IReadOnlyList<string> SupplierRoles, IReadOnlyList<string> CustomerRoles);

    public static readonly IReadOnlyList<Entry> Entries =
    [
        new(Permission.Me, "See who the token is", AllSupplier, AllCustomer),
        new(Permission.CatalogRead, "Search and read products and categories", AllSupplier, AllCustomer),
        new(Permission.CatalogWrite, "Create and change products", [Roles.SupplierAdmin, Roles.Integration], []),
        new(Permission.CustomersCreate, "Create customer accounts", [Roles.SupplierAdmin, Roles.Integration], []),
        new(Permission.CustomersList, "List all customer accounts", AllSupplier, []),
        new(Permission.CustomersRead, "Read a customer account (customer roles: their own only)", AllSupplier, AllCustomer),
        new(Permission.CustomersUpdate, "Change a customer account", [Roles.SupplierAdmin, Roles.Integration], []),
        new(Permission.OrgUnitsRead, "Read the org-unit tree", AllSupplier, AllCustomer),
        new(Permission.OrgUnitsWrite, "Create, rename and move org units", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.UsersRead, "Read users and their roles", [Roles.SupplierAdmin, Roles.Sales], [Roles.Approver, Roles.Administrator, Roles.ReadOnly]),
        new(Permission.UsersWrite, "Create, change and deactivate users; grant roles", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.CostCentersRead, "Read cost centers", AllSupplier, AllCustomer),
        new(Permission.CostCentersWrite, "Create and change cost centers", [Roles.SupplierAdmin, Roles.Integration], [Roles.Administrator]),
        new(Permission.AddressesRead, "Read delivery and billing addresses", AllSupplier, AllCustomer),
        new(Permission.AddressesWrite, "Create, change and delete addresses", [Roles.SupplierAdmin, Roles.Integration], [Roles.Administrator]),
        new(Permission.ApiClientsRead, "List API clients", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.ApiClientsWrite, "Create, rotate and revoke API clients", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.AccessLogRead, "Read the access log (customer administrators: at the account's top unit, for their account)", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.PricesCalculate, "Calculate the account's prices", AllSupplier, AllCustomer),
        new(Permission.PriceConditionsRead, "Read price conditions (all accounts)", [Roles.SupplierAdmin, Roles.Sales, Roles.Integration], []),
        new(Permission.PriceConditionsWrite, "Sync price conditions from the ERP", [Roles.SupplierAdmin, Roles.Integration], []),
        new(Permission.CartsUse, "Keep carts, quick order, scan, CSV into a cart", [Roles.SupplierAdmin, Roles.Sales], [Roles.Requester, Roles.Administrator]),
        new(Permission.OrdersRead, "Read orders and their documents (requesters: their own; others: their units')", AllSupplier, AllCustomer),
        new(Permission.OrdersPlace, "Place, import, cancel and reorder orders", [Roles.SupplierAdmin, Roles.Sales], [Roles.Requester, Roles.Administrator]),
        new(Permission.OrdersManage, "Confirm, ship, deliver or cancel orders (ERP)", [Roles.SupplierAdmin, Roles.Integration], []),
        new(Permission.OrderFeedRead, "Follow the order feed (ERP)", [Roles.SupplierAdmin, Roles.Integration], []),
        new(Permission.OrderDocumentsWrite, "Attach invoices and delivery notes (ERP)", [Roles.SupplierAdmin, Roles.Integration], []),
        new(Permission.PunchoutConfigure, "Read and change an account's punchout set-up (credentials, shared secret, return URLs)", [Roles.SupplierAdmin], []),
        new(Permission.ApprovalRulesRead, "Read approval rules", [Roles.SupplierAdmin, Roles.Sales], [Roles.Approver, Roles.Administrator, Roles.ReadOnly]),
        new(Permission.ApprovalRulesWrite, "Create, replace and delete approval rules (administrators at the rule's unit)", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.ApprovalsRead, "List and read approvals (customer roles: what they may decide, and those of the orders they can see)", [Roles.SupplierAdmin, Roles.Sales], AllCustomer),
        new(Permission.ApprovalsDecide, "Approve or reject (the user must be allowed at the open level: its role there or above, named, or deputy of an absent approver)", [], AllCustomer),
        new(Permission.BudgetsRead, "Read budgets and budget reports", [Roles.SupplierAdmin, Roles.Sales], [Roles.Approver, Roles.Administrator, Roles.ReadOnly]),
        new(Permission.BudgetsWrite, "Create, change and delete budgets (administrators at the budget's unit)", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.BudgetChecks, "Check an intended order against the budgets", AllSupplier, AllCustomer),
        new(Permission.QuotesRead, "List and read quotes and their PDFs (requesters: their own; approvers, administrators, read-only: their units'; the sales desk: every account's)", [Roles.SupplierAdmin, Roles.Sales], AllCustomer),
        new(Permission.QuotesRequest, "Request quotes; accept, decline or ask to revise offers (the quote's requester, or an administrator at its unit or above)", [], [Roles.Requester, Roles.Administrator]),
        new(Permission.QuotesManage, "Sales desk: claim, edit, send and withdraw quotes", [Roles.SupplierAdmin, Roles.Sales], []),
        new(Permission.SsoConfigure, "Read and set the account's single sign-on (customer administrators: at the account's top unit, for their account)", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.ReportsRead, "Read the supplier's reports (self-service rate of orders)", [Roles.SupplierAdmin, Roles.Sales, Roles.Integration], []),
        new(Permission.PersonalDataManage, "Export a user's personal data and erase the user (customer administrators: users at their units)", [Roles.SupplierAdmin], [Roles.Administrator]),
        new(Permission.WebhooksManage, "Subscribe webhooks to events, read their deliveries, redeliver (customer administrators: at the account's top unit, for their account)", [Roles.SupplierAdmin, Roles.Integration], [Roles.Administrator]),
    ];

    private static readonly Dictionary<Permission, Entry> ByPermission = Entries.ToDictionary(e => e.Permission);

    public static Entry For(Permission permission) => ByPermission[permission];

    /// <summary>Whether a caller with these roles may use an endpoint needing <paramref name="permission"/> at all.</summary>
    public static bool Allows(Permission permission, Caller caller)
    {
        var entry = For(permission);
        return caller.IsSupplier
            ? caller.SupplierRoles.Any(entry.SupplierRoles.Contains)
            : caller.Assignments.Any(a => entry.CustomerRoles.Contains(a.Role));
    }
}
