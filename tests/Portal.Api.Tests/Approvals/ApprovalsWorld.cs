using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Tests.Events;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Approvals;

/// <summary>
/// PostgreSQL, Redis and a real SMTP server; the escalation job every second. Each test builds an account of
/// its own through the API (root → division → department, a cost center, an address and users with roles),
/// so approvals and budgets of one test never meet another's.
/// </summary>
public sealed class ApprovalsWorld : PortalApiFactory
{
    public sealed record Person(Guid UserId, string Email, HttpClient Client);

    public sealed record Account(Guid Id, Guid Root, Guid Division, Guid Department, Guid Empty, Guid CostCenter, Guid Address, IReadOnlyDictionary<string, Person> People)
    {
        public Person this[string name] => People[name];
    }

    public ApprovalsWorld()
    {
        Smtp = new SmtpSink();
        With("Portal:Approvals:EscalationCheckInterval", "00:00:01");
        With("Portal:Outbox:PollInterval", "00:00:00.200");
        With("Portal:Smtp:Host", "127.0.0.1");
        With("Portal:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        With("Portal:Smtp:UseTls", "false");
        With("Portal:Smtp:From", "Portal <orders@supplier.example>");
    }

    public SmtpSink Smtp { get; }

    public HttpClient Admin { get; private set; } = null!;

    public Task BuildAsync() => BuildOnceAsync(async () => Admin = await CreateClientWithTokenAsync());

    /// <summary>
    /// A new account. People: requester (requester at the department, approver at the root: it must never
    /// approve its own orders), a1 (approver at the department), a2 (approver at the division), a3 and a4
    /// (approvers at the root), deputy (requester only), admin (administrator at the root) and sibling (approver at a unit beside
    /// the division).
    /// </summary>
    public async Task<Account> CreateAccountAsync()
    {
        await BuildAsync();
        var customer = await PostAsync(Admin, "/api/v1/customers", null, new { name = $"Approvals {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR" });
        var id = customer.GetProperty("id").GetGuid();
        var root = customer.GetProperty("rootOrgUnitId").GetGuid();
        var division = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Division" })).GetProperty("id").GetGuid();
        var department = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = division, name = "Department" })).GetProperty("id").GetGuid();
        var empty = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Nobody's unit" })).GetProperty("id").GetGuid();
        var costCenter = (await PostAsync(Admin, "/api/v1/cost-centers", id, new { code = "CC-7", name = "Maintenance", orgUnitId = department })).GetProperty("id").GetGuid();
        var address = (await PostAsync(Admin, "/api/v1/addresses", id, new { kind = "delivery", name = "Goods receipt", street = "Main street 1", postalCode = "12345", city = "Town", country = "DE" })).GetProperty("id").GetGuid();
        var people = new Dictionary<string, Person>();
        async Task AddAsync(string name, params (string Role, Guid Unit)[] roles)
        {
            var email = $"{name}-{Guid.NewGuid():N}@approvals.example";
            var user = await PostAsync(Admin, "/api/v1/users", id, new { email, name, orgUnitId = department, roles = roles.Select(r => new { role = r.Role, orgUnitId = r.Unit }).ToArray() });
            var userId = user.GetProperty("id").GetGuid();
            var credentials = await PostAsync(Admin, "/api/v1/api-clients", id, new { name, userId });
            var client = await CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
            people[name] = new Person(userId, email, client);
        }
        await AddAsync("requester", ("requester", department), ("approver", root));
        await AddAsync("a1", ("approver", department));
        await AddAsync("a2", ("approver", division));
        await AddAsync("a3", ("approver", root));
        await AddAsync("a4", ("approver", root));
        await AddAsync("deputy", ("requester", department));
        await AddAsync("admin", ("administrator", root));
        await AddAsync("sibling", ("approver", empty));
        return new Account(id, root, division, department, empty, costCenter, address, people);
    }

    /// <summary>The account's price of one unit of the sku used by these tests.</summary>
    public static async Task<decimal> UnitPriceAsync(Account account)
    {
        var priced = await HttpAssert.OkJsonAsync(await account["admin"].Client.PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku = Sku, quantity = 1m } } }));
        return priced.GetProperty("total").GetDecimal();
    }

    public const string Sku = "FAS-1002";

    public static Task<HttpResponseMessage> OrderAsync(Account account, decimal quantity, string who = "requester") =>
        account[who].Client.PostAsJsonAsync("/api/v1/orders", new { deliveryAddressId = account.Address, lines = new[] { new { sku = Sku, quantity, costCenterId = account.CostCenter } } });

    public static async Task<JsonElement> PlaceAsync(Account account, decimal quantity = 1, string who = "requester") =>
        await HttpAssert.OkJsonAsync(await OrderAsync(account, quantity, who), HttpStatusCode.Created);

    /// <summary>The approval of an order, read by the account's administrator.</summary>
    public static async Task<JsonElement> ApprovalOfAsync(Account account, Guid orderId)
    {
        var page = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/approvals?status=all&limit=200"));
        return page.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("order").GetProperty("id").GetGuid() == orderId);
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, Guid? customer, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (customer is { } id)
        {
            request.Headers.Add("Portal-Customer", id.ToString());
        }
        return await HttpAssert.OkJsonAsync(await client.SendAsync(request), expected);
    }

    public override async ValueTask DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await base.DisposeAsync();
    }
}
