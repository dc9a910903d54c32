using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Infrastructure.Auth;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Accounts;

/// <summary>
/// Two customer accounts built through the API by a supplier admin, as a real operator would: org trees
/// (root → division → department), one user and API client per customer role at the root of account A,
/// one API client per supplier role, and objects of every kind in both accounts.
/// </summary>
public sealed class AccountWorld : PortalApiFactory
{
    public sealed record Account(Guid Id, Guid Root, Guid Division, Guid Department, Guid CostCenter, Guid Address, Guid VictimUser, Guid VictimAddress, Guid VictimClient, Guid OrgUnitForPatch, Guid Cart, Guid CartLine, Guid Order, Guid Document, Guid Webhook, Guid Delivery, Guid ApprovalRule, Guid Budget, Guid Approval, Guid Quote, Guid Template, Guid FavoriteList, Guid Schedule);

    public Account A { get; private set; } = null!;

    public Account B { get; private set; } = null!;

    /// <summary>An HTTP client per role: customer roles act in account A at its root; supplier roles send Portal-Customer: A.</summary>
    public Dictionary<string, HttpClient> ClientsByRole { get; } = [];

    public Dictionary<string, (string ClientId, string Secret, Guid UserId)> CustomerCredentials { get; } = [];

    public HttpClient Admin { get; private set; } = null!;

    public Task BuildAsync() => BuildOnceAsync(async () =>
    {
        Admin = await CreateClientWithTokenAsync();
        A = await CreateAccountAsync("A");
        B = await CreateAccountAsync("B");

        foreach (var role in Roles.Customer)
        {
            var user = await PostAsync(Admin, "/api/v1/users", A.Id, new
            {
                email = $"{role}@a.example",
                name = $"A {role}",
                roles = new[] { new { role, orgUnitId = A.Root } },
            });
            var credentials = await PostAsync(Admin, "/api/v1/api-clients", A.Id, new { name = $"A {role}", userId = user.GetProperty("id").GetGuid() });
            var clientId = credentials.GetProperty("clientId").GetString()!;
            var secret = credentials.GetProperty("clientSecret").GetString()!;
            CustomerCredentials[role] = (clientId, secret, user.GetProperty("id").GetGuid());
            ClientsByRole[role] = await CreateClientWithTokenAsync(clientId, secret);
        }
        foreach (var role in Roles.Supplier)
        {
            var credentials = await PostAsync(Admin, "/api/v1/api-clients", null, new { name = $"supplier {role}", supplierRoles = new[] { role } });
            var client = await CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
            client.DefaultRequestHeaders.Add("Portal-Customer", A.Id.ToString());
            ClientsByRole[role] = client;
        }
    });

    private async Task<Account> CreateAccountAsync(string name)
    {
        var customer = await PostAsync(Admin, "/api/v1/customers", null, new { name = $"Account {name} {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR" });
        var id = customer.GetProperty("id").GetGuid();
        var root = customer.GetProperty("rootOrgUnitId").GetGuid();
        var division = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Division" })).GetProperty("id").GetGuid();
        var department = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = division, name = "Department" })).GetProperty("id").GetGuid();
        var forPatch = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Patchable" })).GetProperty("id").GetGuid();
        var costCenter = (await PostAsync(Admin, "/api/v1/cost-centers", id, new { code = "CC-1", name = "Main", orgUnitId = department })).GetProperty("id").GetGuid();
        var address = (await PostAsync(Admin, "/api/v1/addresses", id, Address("delivery"))).GetProperty("id").GetGuid();
        var victimAddress = (await PostAsync(Admin, "/api/v1/addresses", id, Address("billing"))).GetProperty("id").GetGuid();
        var victim = (await PostAsync(Admin, "/api/v1/users", id, new { email = "victim@x.example", name = "Victim", roles = new[] { new { role = "requester", orgUnitId = department } } })).GetProperty("id").GetGuid();
        var victimClient = (await PostAsync(Admin, "/api/v1/api-clients", id, new { name = "victim", userId = victim })).GetProperty("id").GetGuid();
        var cart = (await PostAsync(Admin, "/api/v1/carts", id, new { name = "fixture" })).GetProperty("id").GetGuid();
        var cartLine = (await PostAsync(Admin, $"/api/v1/carts/{cart}/lines", id, new { sku = "FAS-1002", quantity = 1 }, System.Net.HttpStatusCode.OK)).GetProperty("lines")[0].GetProperty("id").GetGuid();
        var order = (await PostAsync(Admin, "/api/v1/orders", id, new { lines = new[] { new { sku = "FAS-1002", quantity = 2 } }, deliveryAddressId = address })).GetProperty("id").GetGuid();
        using var pdf = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{order}/documents?kind=invoice&fileName=invoice.pdf")
        {
            Content = new ByteArrayContent("%PDF-1.4\n%fixture\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } },
        };
        pdf.Headers.Add("Portal-Customer", id.ToString());
        var document = (await HttpAssert.OkJsonAsync(await Admin.SendAsync(pdf), System.Net.HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // A public IP literal: allowed by the SSRF guard without DNS (nothing listens for it here; deliveries just fail).
        var webhook = (await PostAsync(Admin, "/api/v1/webhooks", id, new { url = "https://93.184.215.14/hooks", events = new[] { "customer.updated" } })).GetProperty("id").GetGuid();
        var delivery = (await PostAsync(Admin, $"/api/v1/webhooks/{webhook}/ping", id, new { }, System.Net.HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        // Approvals and budgets: an order waiting for approval (its rule is gone again, so that later orders
        // are not affected), a rule that never matches and a budget that only warns.
        var everyOrder = (await PostAsync(Admin, "/api/v1/approval-rules", id, new { name = "fixture", levels = new[] { new { approverRole = "approver" } } })).GetProperty("id").GetGuid();
        var pending = (await PostAsync(Admin, "/api/v1/orders", id, new { lines = new[] { new { sku = "FAS-1002", quantity = 1 } }, deliveryAddressId = address })).GetProperty("id").GetGuid();
        using (var remove = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/approval-rules/{everyOrder}"))
        {
            remove.Headers.Add("Portal-Customer", id.ToString());
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await Admin.SendAsync(remove)).StatusCode);
        }
        var rule = (await PostAsync(Admin, "/api/v1/approval-rules", id, new { name = "never", conditions = new { minOrderTotal = 1_000_000_000m }, levels = new[] { new { approverRole = "administrator" } } })).GetProperty("id").GetGuid();
        var budget = (await PostAsync(Admin, "/api/v1/budgets", id, new { scope = new { role = "read-only" }, period = "year", amount = 1_000_000m, currency = "EUR", policy = "warn" })).GetProperty("id").GetGuid();
        using var approvals = new HttpRequestMessage(HttpMethod.Get, "/api/v1/approvals?status=all");
        approvals.Headers.Add("Portal-Customer", id.ToString());
        var approval = (await HttpAssert.OkJsonAsync(await Admin.SendAsync(approvals))).GetProperty("items").EnumerateArray()
            .Single(a => a.GetProperty("order").GetProperty("id").GetGuid() == pending).GetProperty("id").GetGuid();
        // Quotes: a request by a requester of the account (only customer users request quotes).
        var quoter = (await PostAsync(Admin, "/api/v1/users", id, new { email = "quoter@x.example", name = "Quoter", roles = new[] { new { role = "requester", orgUnitId = department } } })).GetProperty("id").GetGuid();
        var quoterCredentials = await PostAsync(Admin, "/api/v1/api-clients", id, new { name = "quoter", userId = quoter });
        using var quoterClient = await CreateClientWithTokenAsync(quoterCredentials.GetProperty("clientId").GetString()!, quoterCredentials.GetProperty("clientSecret").GetString()!);
        var quote = (await PostAsync(quoterClient, "/api/v1/quote-requests", null, new { lines = new[] { new { sku = "FAS-1002", quantity = 5 } } })).GetProperty("id").GetGuid();
        // Reordering: a template, a favorites list and a replenishment schedule of a requester of the department (personal ones).
        var reorderer = (await PostAsync(Admin, "/api/v1/users", id, new { email = "reorderer@x.example", name = "Reorderer", orgUnitId = department, roles = new[] { new { role = "requester", orgUnitId = department } } })).GetProperty("id").GetGuid();
        var reordererCredentials = await PostAsync(Admin, "/api/v1/api-clients", id, new { name = "reorderer", userId = reorderer });
        using var reordering = await CreateClientWithTokenAsync(reordererCredentials.GetProperty("clientId").GetString()!, reordererCredentials.GetProperty("clientSecret").GetString()!);
        var template = (await PostAsync(reordering, "/api/v1/order-templates", null, new { name = "fixture", lines = new[] { new { sku = "FAS-1002", quantity = 1 } } })).GetProperty("id").GetGuid();
        var favorites = (await PostAsync(reordering, "/api/v1/favorite-lists", null, new { name = "fixture" })).GetProperty("id").GetGuid();
        await PostAsync(reordering, $"/api/v1/favorite-lists/{favorites}/items", null, new { sku = "FAS-1002" }, System.Net.HttpStatusCode.OK);
        var schedule = (await PostAsync(reordering, "/api/v1/replenishment-schedules", null, new { templateId = template, interval = "P1M", nextRunAt = DateTimeOffset.UtcNow.AddYears(1) })).GetProperty("id").GetGuid();
        return new Account(id, root, division, department, costCenter, address, victim, victimAddress, victimClient, forPatch, cart, cartLine, order, document, webhook, delivery, rule, budget, approval, quote, template, favorites, schedule);
    }

    public static object Address(string kind) => new { kind, name = "Goods receipt", street = "Main street 1", postalCode = "12345", city = "Town", country = "DE" };

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, Guid? customer, object body, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.Created)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (customer is { } id)
        {
            request.Headers.Add("Portal-Customer", id.ToString());
        }
        var response = await client.SendAsync(request);
        return await HttpAssert.OkJsonAsync(response, expected);
    }
}
