using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Auth;

namespace Portal.Api.Tests.Accounts;

/// <summary>
/// The authorization matrix, generated from the route table: every /api endpoint × every role × own
/// account / other account. An endpoint added later is covered without a new case; one whose route
/// parameter has no fixture here fails, asking for one.
/// </summary>
public sealed class AuthorizationMatrixTests(AccountWorld world) : IClassFixture<AccountWorld>, IAsyncLifetime
{
    public sealed record ApiEndpoint(string Method, string Template, IReadOnlyList<Permission> Permissions, string ContentType = "application/json")
    {
        public override string ToString() => $"{Method} {Template}";
    }

    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> AllRoles() => new(Roles.Supplier.Concat(Roles.Customer));

    public static TheoryData<string> CustomerRoles() => new(Roles.Customer);

    private IReadOnlyList<ApiEndpoint> Endpoints()
    {
        var source = world.Services.GetRequiredService<EndpointDataSource>();
        var endpoints = new List<ApiEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var template = endpoint.RoutePattern.RawText ?? string.Empty;
            if (!template.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            {
                continue;
            }
            var permissions = endpoint.Metadata.OfType<RequirePermissionAttribute>().Select(p => p.Permission).Distinct().ToList();
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var contentType = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
            foreach (var method in methods)
            {
                endpoints.Add(new ApiEndpoint(method, template, permissions, contentType));
            }
        }
        return endpoints;
    }

    [Fact]
    public void Every_api_endpoint_names_a_permission()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count >= 25, $"only {endpoints.Count} endpoints found");
        Assert.All(endpoints, e => Assert.True(e.Permissions.Count > 0, $"{e} has no [RequirePermission]"));
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Each_role_reaches_exactly_the_endpoints_the_matrix_allows(string role)
    {
        var client = world.ClientsByRole[role];
        var failures = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            var allowed = endpoint.Permissions.All(p => AllowsRole(p, role));
            var response = await SendAsync(client, endpoint, world.A);
            var status = (int)response.StatusCode;
            if (allowed && (status is 401 or 403 || status >= 500))
            {
                failures.Add($"{endpoint}: expected access, got {status} {await response.Content.ReadAsStringAsync()}");
            }
            if (!allowed && status != 403)
            {
                failures.Add($"{endpoint}: expected 403, got {status}");
            }
        }
        Assert.True(failures.Count == 0, $"{role}:\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Another_accounts_objects_answer_404_by_id(string role)
    {
        var client = world.ClientsByRole[role];
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => e.Template.Contains("{id", StringComparison.Ordinal) && !SupplierWide(e)))
        {
            if (!endpoint.Permissions.All(p => AllowsRole(p, role)))
            {
                continue; // refused before any lookup: covered by the matrix test
            }
            if (Roles.Supplier.Contains(role) && endpoint.Template.Contains("/customers/", StringComparison.Ordinal))
            {
                continue; // supplier roles read every customer account by design
            }
            var response = await SendAsync(client, endpoint, world.B);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{endpoint}: expected 404 for account B's object, got {(int)response.StatusCode} {body}");
            }
            if (body.Contains(world.B.Id.ToString(), StringComparison.OrdinalIgnoreCase) && !body.Contains("No customer", StringComparison.Ordinal))
            {
                failures.Add($"{endpoint}: the answer mentions account B");
            }
        }
        Assert.True(failures.Count == 0, $"{role}:\n" + string.Join("\n", failures));
    }

    /// <summary>Supplier-wide data (the catalog, the ERP's price conditions) belongs to no account.</summary>
    private static bool SupplierWide(ApiEndpoint endpoint) =>
        endpoint.Template.Contains("/products", StringComparison.Ordinal) || endpoint.Template.Contains("/pricing/conditions", StringComparison.Ordinal);

    private static bool AllowsRole(Permission permission, string role)
    {
        var entry = PermissionMatrix.For(permission);
        return entry.SupplierRoles.Contains(role) || entry.CustomerRoles.Contains(role);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, ApiEndpoint endpoint, AccountWorld.Account account)
    {
        var path = "/" + endpoint.Template.TrimStart('/').Replace("{version:apiVersion}", "1", StringComparison.Ordinal);
        path = ResolveParameters(path, account);
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = endpoint.ContentType switch
            {
                "text/csv" => new StringContent("id,kind\n", Encoding.UTF8, "text/csv"),
                "application/pdf" => new ByteArrayContent("%PDF-1.4\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } },
                _ => new StringContent("{}", Encoding.UTF8, endpoint.ContentType),
            };
        }
        return await client.SendAsync(request);
    }

    /// <summary>Fills route parameters with an object of <paramref name="account"/> of the resource the route names.</summary>
    private static string ResolveParameters(string path, AccountWorld.Account account)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
            {
                continue;
            }
            var resource = i > 0 ? segments[i - 1] : string.Empty;
            segments[i] = resource switch
            {
                "customers" => account.Id.ToString(),
                "org-units" => account.OrgUnitForPatch.ToString(),
                "users" => account.VictimUser.ToString(),
                "cost-centers" => account.CostCenter.ToString(),
                "addresses" => account.VictimAddress.ToString(),
                "api-clients" => account.VictimClient.ToString(),
                "products" => "FAS-1001",
                "by-gtin" => "4061230000105",
                "conditions" => "GROUP-industry-EUR",
                "carts" => account.Cart.ToString(),
                "lines" => account.CartLine.ToString(),
                "orders" => account.Order.ToString(),
                "documents" => account.Document.ToString(),
                "webhooks" => account.Webhook.ToString(),
                "deliveries" => account.Delivery.ToString(),
                "approval-rules" => account.ApprovalRule.ToString(),
                "budgets" => account.Budget.ToString(),
                "approvals" => account.Approval.ToString(),
                "quotes" => account.Quote.ToString(),
                "versions" => "1",
                "order-templates" => account.Template.ToString(),
                "favorite-lists" => account.FavoriteList.ToString(),
                "items" => "FAS-1002",
                "replenishment-schedules" => account.Schedule.ToString(),
                _ => throw new InvalidOperationException($"No fixture for the route parameter in {path}: add the resource '{resource}' to ResolveParameters."),
            };
        }
        return string.Join('/', segments);
    }
}
