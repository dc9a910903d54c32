using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Hosting.Demo;
using Portal.Api.Tests.Accounts;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Ordering;

/// <summary>
/// The demo data set on PostgreSQL and Redis: Acme's buyer (requester in Maintenance) and administrator,
/// an ERP integration client, and Nordwind's administrator as the other account.
/// </summary>
public sealed class OrderingWorld : PortalApiFactory
{
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Buyer { get; private set; } = null!;
    public HttpClient AcmeAdmin { get; private set; } = null!;
    public HttpClient Erp { get; private set; } = null!;
    public HttpClient Other { get; private set; } = null!;
    public Guid Acme { get; private set; }
    public Guid BuyerId { get; private set; }
    public Guid AcmeDeliveryAddress { get; private set; }

    public Task BuildAsync() => BuildOnceAsync(async () =>
    {
        Admin = await CreateClientWithTokenAsync();
        Buyer = await CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[1].ClientId);
        AcmeAdmin = await CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[0].ClientId);
        var (erpId, erpSecret) = await CreateOAuthClientAsync("integration");
        Erp = await CreateClientWithTokenAsync(erpId, erpSecret);

        var me = await HttpAssert.OkJsonAsync(await Buyer.GetAsync("/api/v1/me"));
        Acme = me.GetProperty("customer").GetProperty("id").GetGuid();
        BuyerId = me.GetProperty("user").GetProperty("id").GetGuid();
        var addresses = await HttpAssert.OkJsonAsync(await Buyer.GetAsync("/api/v1/addresses?kind=delivery"));
        AcmeDeliveryAddress = addresses.GetProperty("items")[0].GetProperty("id").GetGuid();

        var customers = await HttpAssert.OkJsonAsync(await Admin.GetAsync("/api/v1/customers?q=Nordwind"));
        var nordwind = customers.GetProperty("items")[0].GetProperty("id").GetGuid();
        using var users = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users?q=admin@");
        users.Headers.Add("Portal-Customer", nordwind.ToString());
        var nordwindAdmin = (await HttpAssert.OkJsonAsync(await Admin.SendAsync(users))).GetProperty("items")[0].GetProperty("id").GetGuid();
        var credentials = await AccountWorld.PostAsync(Admin, "/api/v1/api-clients", nordwind, new { name = "nordwind admin", userId = nordwindAdmin });
        Other = await CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
    });

    public static async Task<JsonElement> NewCartAsync(HttpClient client, string name = "Test")
    {
        var response = await client.PostAsJsonAsync("/api/v1/carts", new { name });
        return await HttpAssert.OkJsonAsync(response, System.Net.HttpStatusCode.Created);
    }

    public async Task<JsonElement> PlaceAsync(HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return await HttpAssert.OkJsonAsync(await client.SendAsync(request), System.Net.HttpStatusCode.Created);
    }
}
