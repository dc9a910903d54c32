using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Tests.Events;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Reordering;

/// <summary>
/// PostgreSQL, Redis and a real SMTP server; the replenishment check every second. Each test builds an
/// account of its own through the API: root → division → department, a unit beside the division, a cost
/// center, a delivery address and users with roles.
/// </summary>
public sealed class ReorderingWorld : PortalApiFactory
{
    public sealed record Person(Guid UserId, string Email, HttpClient Client);

    public sealed record Account(Guid Id, Guid Root, Guid Division, Guid Department, Guid Sibling, Guid CostCenter, Guid Address, IReadOnlyDictionary<string, Person> People)
    {
        public Person this[string name] => People[name];
    }

    public const string Sku = "FAS-1002";
    public const string OtherSku = "OFF-1001";

    public ReorderingWorld()
    {
        Smtp = new SmtpSink();
        With("Portal:Reordering:CheckInterval", "00:00:01");
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
    /// A new account. People: requester and colleague (requesters at the department), deptAdmin
    /// (administrator at the department), admin (administrator at the root), outsider (requester at the
    /// unit beside the division) and reader (read-only at the root).
    /// </summary>
    public async Task<Account> CreateAccountAsync()
    {
        await BuildAsync();
        var customer = await PostAsync(Admin, "/api/v1/customers", null, new { name = $"Reordering {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR" });
        var id = customer.GetProperty("id").GetGuid();
        var root = customer.GetProperty("rootOrgUnitId").GetGuid();
        var division = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Division" })).GetProperty("id").GetGuid();
        var department = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = division, name = "Department" })).GetProperty("id").GetGuid();
        var sibling = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Other division" })).GetProperty("id").GetGuid();
        var costCenter = (await PostAsync(Admin, "/api/v1/cost-centers", id, new { code = "CC-21", name = "Workshop", orgUnitId = department })).GetProperty("id").GetGuid();
        var address = (await PostAsync(Admin, "/api/v1/addresses", id, new { kind = "delivery", name = "Goods receipt", street = "Main street 1", postalCode = "12345", city = "Town", country = "DE", isDefault = true })).GetProperty("id").GetGuid();
        var people = new Dictionary<string, Person>();
        async Task AddAsync(string name, Guid home, params (string Role, Guid Unit)[] roles)
        {
            var email = $"{name}-{Guid.NewGuid():N}@reordering.example";
            var user = await PostAsync(Admin, "/api/v1/users", id, new { email, name, orgUnitId = home, roles = roles.Select(r => new { role = r.Role, orgUnitId = r.Unit }).ToArray() });
            var userId = user.GetProperty("id").GetGuid();
            var credentials = await PostAsync(Admin, "/api/v1/api-clients", id, new { name, userId });
            var client = await CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
            people[name] = new Person(userId, email, client);
        }
        await AddAsync("requester", department, ("requester", department));
        await AddAsync("colleague", department, ("requester", department));
        await AddAsync("deptAdmin", department, ("administrator", department));
        await AddAsync("admin", root, ("administrator", root));
        await AddAsync("outsider", sibling, ("requester", sibling));
        await AddAsync("reader", root, ("read-only", root));
        return new Account(id, root, division, department, sibling, costCenter, address, people);
    }

    /// <summary>Sets the account's own price of a sku (a customer price condition, as the ERP syncs it).</summary>
    public async Task SetCustomerPriceAsync(Account account, string sku, decimal price)
    {
        await BuildAsync();
        await HttpAssert.OkJsonAsync(await Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new
        {
            conditions = new[] { new { id = $"CUST-{account.Id:N}-{sku}", kind = "customer", sku, customerId = account.Id, currency = "EUR", price } },
        }));
    }

    /// <summary>The account's unit price of a sku now, as the price endpoint answers it.</summary>
    public static async Task<decimal> UnitPriceAsync(Account account, string sku, decimal quantity = 1)
    {
        var priced = await HttpAssert.OkJsonAsync(await account["admin"].Client.PostAsJsonAsync("/api/v1/price-calculations", new { lines = new[] { new { sku, quantity } } }));
        return priced.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal();
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, Guid? customer, object? body, HttpStatusCode expected = HttpStatusCode.Created, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (customer is { } id)
        {
            request.Headers.Add("Portal-Customer", id.ToString());
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await HttpAssert.OkJsonAsync(await client.SendAsync(request), expected);
    }

    public override async ValueTask DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await base.DisposeAsync();
    }
}
