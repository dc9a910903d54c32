using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Hosting.Demo;
using Portal.Api.Hosting.Testing;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Testing;

/// <summary>The contract tests' provider-state endpoint exists only behind its test-only switch.</summary>
public class ProviderStatesTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task Is_not_mapped_by_default()
    {
        using var anonymous = api.CreateClient();
        var response = await anonymous.PostAsJsonAsync(ProviderStatesEndpoint.Path, new { state = "customer C-10001 has an order", action = "setup" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // no such endpoint: outside /api an unknown path is a 404, token or not

        using var admin = await api.CreateClientWithTokenAsync();
        response = await admin.PostAsJsonAsync(ProviderStatesEndpoint.Path, new { state = "customer C-10001 has an order", action = "setup" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void The_switch_is_off_in_the_shipped_configuration()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        foreach (var file in Directory.GetFiles(Path.Combine(root.FullName, "src", "Api"), "appsettings*.json"))
        {
            Assert.DoesNotContain("ProviderStates", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_the_switch_on_states_set_up_real_data_and_return_its_ids()
    {
        await using var testing = new PortalApiFactory().With(ProviderStatesEndpoint.SwitchKey, "true");
        using var anonymous = testing.CreateClient();

        var response = await anonymous.PostAsJsonAsync(ProviderStatesEndpoint.Path, new { state = "customer C-10001 has an order", action = "setup", @params = new { } });
        var values = await HttpAssert.OkJsonAsync(response);
        var orderId = values.GetProperty("orderId").GetString();

        var buyer = DemoDataSeeder.DemoCustomerClients[1];
        using var client = await testing.CreateDemoClientAsync(buyer.ClientId);
        var order = await HttpAssert.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal(values.GetProperty("orderNumber").GetString(), order.GetProperty("number").GetString());

        var condition = await HttpAssert.OkJsonAsync(await anonymous.PostAsJsonAsync(ProviderStatesEndpoint.Path, new { state = "a price condition exists", action = "setup" }));
        Assert.Equal("PACT-CUST-C-10001-FAS-1001", condition.GetProperty("conditionId").GetString());

        var teardown = await anonymous.PostAsJsonAsync(ProviderStatesEndpoint.Path, new { state = "a price condition exists", action = "teardown" });
        Assert.Equal(HttpStatusCode.OK, teardown.StatusCode);

        var unknown = await anonymous.PostAsJsonAsync(ProviderStatesEndpoint.Path, new { state = "no such state", action = "setup" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:portal:problem:bad-request", problem.GetProperty("type").GetString());
    }
}
