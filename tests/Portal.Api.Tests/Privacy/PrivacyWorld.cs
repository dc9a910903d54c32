using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Features.AccessLog;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Privacy;

/// <summary>
/// Accounts built through the API by the supplier admin for the privacy, restriction and self-service tests:
/// each with a default delivery address, an administrator and a requester (with API clients), and a supplier
/// <c>sales</c> client. A product with a list price is there to order.
/// </summary>
public sealed class PrivacyWorld : PortalApiFactory
{
    public const string Sku = "PRIV-1001";

    public sealed record Person(Guid Id, string Email, string Name, HttpClient Client);

    public sealed record Account(Guid Id, Guid Root, Guid Address, Person Admin, Person Requester);

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Sales { get; private set; } = null!;

    public Task BuildAsync() => BuildOnceAsync(async () =>
    {
        Admin = await CreateClientWithTokenAsync();
        var (salesId, salesSecret) = await CreateOAuthClientAsync("sales");
        Sales = await CreateClientWithTokenAsync(salesId, salesSecret);
        await PutProductAsync(Sku, new { name = "Privacy test screw", category = "fasteners", unit = "EA" }, 2.5m);
    });

    public async Task PutProductAsync(string sku, object body, decimal listPrice)
    {
        var put = await Admin.PutAsJsonAsync($"/api/v1/products/{sku}", body);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        await HttpAssert.OkJsonAsync(await Admin.PutAsJsonAsync("/api/v1/pricing/conditions",
            new { conditions = new[] { new { id = $"LIST-{sku}-EUR", kind = "list", sku, currency = "EUR", price = listPrice } } }));
    }

    public async Task<Account> CreateAccountAsync(string[]? groups = null)
    {
        await BuildAsync();
        var customer = await PostAsync(Admin, "/api/v1/customers", null, new { name = $"Privacy {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR", groups });
        var id = customer.GetProperty("id").GetGuid();
        var root = customer.GetProperty("rootOrgUnitId").GetGuid();
        var address = (await PostAsync(Admin, "/api/v1/addresses", id, new { kind = "delivery", name = "Goods receipt", street = "Main street 1", postalCode = "12345", city = "Town", country = "DE", isDefault = true }))
            .GetProperty("id").GetGuid();
        var admin = await AddPersonAsync(id, root, "Ada Admin", "administrator");
        var requester = await AddPersonAsync(id, root, "Rita Requester", "requester");
        return new Account(id, root, address, admin, requester);
    }

    public async Task<Person> AddPersonAsync(Guid customer, Guid unit, string name, string role)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@privacy.example";
        name = $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)]; // unique: a test looks for it in the whole database
        var user = await PostAsync(Admin, "/api/v1/users", customer, new { email, name, roles = new[] { new { role, orgUnitId = unit } } });
        var userId = user.GetProperty("id").GetGuid();
        var credentials = await PostAsync(Admin, "/api/v1/api-clients", customer, new { name, userId });
        var client = await CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
        return new Person(userId, email, name, client);
    }

    /// <summary>Writes the queued access-log entries now (the writer batches them in the background).</summary>
    public Task FlushAccessLogAsync() => Services.GetRequiredService<AccessLogWriter>().FlushAsync(CancellationToken.None);

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, Guid? customer, object body, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.Created)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (customer is { } id)
        {
            request.Headers.Add("Portal-Customer", id.ToString());
        }
        return await HttpAssert.OkJsonAsync(await client.SendAsync(request), expected);
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Guid? customer = null, object? body = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (customer is { } id)
        {
            request.Headers.Add("Portal-Customer", id.ToString());
        }
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        return await client.SendAsync(request);
    }
}
