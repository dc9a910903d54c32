using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Tests.Events;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Quotes;

/// <summary>
/// PostgreSQL, Redis, a real SMTP server, loopback webhooks allowed. The expiry job runs hourly here so that
/// a test can see acceptance refused after <c>validUntil</c> before the job has marked the quote; the job's
/// work is run on demand. Each test builds accounts of its own through the API.
/// </summary>
public sealed class QuotesWorld : PortalApiFactory
{
    public sealed record Person(Guid UserId, string Email, HttpClient Client);

    public sealed record Account(Guid Id, Guid Root, Guid Department, Guid Sibling, Guid Address, IReadOnlyDictionary<string, Person> People)
    {
        public Person this[string name] => People[name];
    }

    public const string Sku = "FAS-1002";
    public const string Alternative = "FAS-1001";

    public QuotesWorld()
    {
        Smtp = new SmtpSink();
        With("Portal:Quotes:ExpiryCheckInterval", "01:00:00");
        With("Portal:Outbound:AllowPrivateNetworks", "true");
        With("Portal:Webhooks:RetrySchedule", "300ms,300ms,300ms");
        With("Portal:Outbox:PollInterval", "00:00:00.200");
        With("Portal:Smtp:Host", "127.0.0.1");
        With("Portal:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        With("Portal:Smtp:UseTls", "false");
        With("Portal:Smtp:From", "Portal <orders@supplier.example>");
    }

    public SmtpSink Smtp { get; }

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>A supplier-side client with the role sales (the sales desk).</summary>
    public HttpClient Sales { get; private set; } = null!;

    public Task BuildAsync() => BuildOnceAsync(async () =>
    {
        Admin = await CreateClientWithTokenAsync();
        var (id, secret) = await CreateOAuthClientAsync("sales");
        Sales = await CreateClientWithTokenAsync(id, secret);
    });

    /// <summary>
    /// A new account: root → department, and a sibling unit beside the department. People: requester and
    /// colleague (requesters at the department), approver (approver at the department), sibling (approver at
    /// the sibling unit), admin (administrator at the root).
    /// </summary>
    public async Task<Account> CreateAccountAsync()
    {
        await BuildAsync();
        var customer = await PostAsync(Admin, "/api/v1/customers", null, new { name = $"Quotes {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR" });
        var id = customer.GetProperty("id").GetGuid();
        var root = customer.GetProperty("rootOrgUnitId").GetGuid();
        var department = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Department" })).GetProperty("id").GetGuid();
        var sibling = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Sibling" })).GetProperty("id").GetGuid();
        var address = (await PostAsync(Admin, "/api/v1/addresses", id, new { kind = "delivery", name = "Goods receipt", street = "Main street 1", postalCode = "12345", city = "Town", country = "DE" })).GetProperty("id").GetGuid();
        var people = new Dictionary<string, Person>();
        async Task AddAsync(string name, Guid home, params (string Role, Guid Unit)[] roles)
        {
            var email = $"{name}-{Guid.NewGuid():N}@quotes.example";
            var user = await PostAsync(Admin, "/api/v1/users", id, new { email, name, orgUnitId = home, roles = roles.Select(r => new { role = r.Role, orgUnitId = r.Unit }).ToArray() });
            var userId = user.GetProperty("id").GetGuid();
            var credentials = await PostAsync(Admin, "/api/v1/api-clients", id, new { name, userId });
            var client = await CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
            people[name] = new Person(userId, email, client);
        }
        await AddAsync("requester", department, ("requester", department));
        await AddAsync("colleague", department, ("requester", department));
        await AddAsync("approver", department, ("approver", department));
        await AddAsync("sibling", sibling, ("approver", sibling));
        await AddAsync("admin", root, ("administrator", root));
        return new Account(id, root, department, sibling, address, people);
    }

    /// <summary>A request for <paramref name="quantity"/> of <see cref="Sku"/> by the requester.</summary>
    public static async Task<JsonElement> RequestAsync(Account account, decimal quantity = 10, string who = "requester") =>
        await PostAsync(account[who].Client, "/api/v1/quote-requests", null, new { lines = new[] { new { sku = Sku, quantity, targetPrice = 0.05m } }, message = "Best price please" });

    /// <summary>The sales desk claims, drafts and sends an offer; returns the quote after sending.</summary>
    public async Task<JsonElement> OfferAsync(Account account, Guid quoteId, decimal unitPrice, DateTimeOffset validUntil, decimal quantity = 10, bool claim = true)
    {
        if (claim)
        {
            await SalesAsync(HttpMethod.Post, $"/api/v1/quotes/{quoteId}/claim", account.Id, null);
        }
        await SalesAsync(HttpMethod.Patch, $"/api/v1/quotes/{quoteId}", account.Id, new
        {
            lines = new object[] { new { sku = Sku, quantity, unitPrice, leadTimeDays = 3, note = "From stock" } },
            validUntil,
            note = "Thank you for your request.",
        });
        return await SalesAsync(HttpMethod.Post, $"/api/v1/quotes/{quoteId}/send", account.Id, null);
    }

    public Task<HttpResponseMessage> SalesSendAsync(HttpMethod method, string path, Guid? customer, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (customer is { } id)
        {
            request.Headers.Add("Portal-Customer", id.ToString());
        }
        return Sales.SendAsync(request);
    }

    public async Task<JsonElement> SalesAsync(HttpMethod method, string path, Guid? customer, object? body) =>
        await HttpAssert.OkJsonAsync(await SalesSendAsync(method, path, customer, body));

    public static Task<HttpResponseMessage> AcceptAsync(Account account, Guid quoteId, object body, string? key = null, string who = "requester")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/quotes/{quoteId}/accept") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return account[who].Client.SendAsync(request);
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
