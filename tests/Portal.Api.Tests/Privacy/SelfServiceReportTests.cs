using System.Net;
using System.Net.Http.Json;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Privacy;

/// <summary>Issue #22, item 5: every order records its channel; the self-service rate per account and period.</summary>
public sealed class SelfServiceReportTests(PrivacyWorld world) : IClassFixture<PrivacyWorld>
{
    private static readonly object Line = new { lines = new[] { new { sku = PrivacyWorld.Sku, quantity = 1 } } };

    [Fact]
    public async Task Orders_through_different_channels_one_by_a_sales_caller_give_the_expected_rate_as_json_and_csv()
    {
        var account = await world.CreateAccountAsync();
        var buyer = account.Requester.Client;

        var api = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/orders", Line), HttpStatusCode.Created);
        Assert.Equal("api", api.GetProperty("channel").GetString());

        using (var sdk = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(Line) })
        {
            sdk.Headers.UserAgent.ParseAdd("Portal.Client/1.4.0");
            var order = await HttpAssert.OkJsonAsync(await buyer.SendAsync(sdk), HttpStatusCode.Created);
            Assert.Equal("sdk", order.GetProperty("channel").GetString());
        }

        var reorder = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync($"/api/v1/orders/{api.GetProperty("id").GetGuid()}/reorder", new { }), HttpStatusCode.Created);
        var fromCart = await HttpAssert.OkJsonAsync(await buyer.PostAsJsonAsync("/api/v1/orders", new { cartId = reorder.GetProperty("cart").GetProperty("id").GetGuid() }), HttpStatusCode.Created);
        Assert.Equal("reorder", fromCart.GetProperty("channel").GetString());

        using (var csvImport = new StringContent($"customer_reference;sku;quantity\nCSV-{Guid.NewGuid():N};{PrivacyWorld.Sku};1\n", System.Text.Encoding.UTF8, "text/csv"))
        {
            var imported = await HttpAssert.OkJsonAsync(await buyer.PostAsync("/api/v1/order-imports", csvImport));
            var id = Assert.Single(imported.GetProperty("orders").EnumerateArray()).GetProperty("id").GetGuid();
            Assert.Equal("csv", (await HttpAssert.OkJsonAsync(await buyer.GetAsync($"/api/v1/orders/{id}"))).GetProperty("channel").GetString());
        }

        var assisted = await HttpAssert.OkJsonAsync(await PrivacyWorld.SendAsync(world.Sales, HttpMethod.Post, "/api/v1/orders", account.Id, Line), HttpStatusCode.Created);
        Assert.Equal("sales-assisted", assisted.GetProperty("channel").GetString());

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var path = $"/api/v1/reports/self-service?from={today}&to={today}&customerId={account.Id}";
        var report = await HttpAssert.OkJsonAsync(await world.Sales.GetAsync(path));
        Assert.Equal(5, report.GetProperty("orders").GetInt32());
        Assert.Equal(4, report.GetProperty("selfService").GetInt32());
        Assert.Equal(1, report.GetProperty("assisted").GetInt32());
        Assert.Equal(0.8m, report.GetProperty("rate").GetDecimal());
        Assert.Equal(0.6m, report.GetProperty("target").GetDecimal());
        Assert.True(report.GetProperty("meetsTarget").GetBoolean());
        var byChannel = report.GetProperty("byChannel");
        Assert.Equal((1, 1, 1, 1, 1), (byChannel.GetProperty("api").GetInt32(), byChannel.GetProperty("sdk").GetInt32(), byChannel.GetProperty("reorder").GetInt32(),
            byChannel.GetProperty("sales-assisted").GetInt32(), byChannel.GetProperty("csv").GetInt32()));

        var csv = await PrivacyWorld.SendAsync(world.Admin, HttpMethod.Get, path, accept: "text/csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("orders,5\r\n", text);
        Assert.Contains("rate,0.8\r\n", text);
        Assert.Contains("target,0.6\r\n", text);
        Assert.Contains("channel:sales-assisted,1\r\n", text);

        // A day without orders; customer roles have no access; a bad day is a 400.
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        var empty = await HttpAssert.OkJsonAsync(await world.Sales.GetAsync($"/api/v1/reports/self-service?from={yesterday}&to={yesterday}&customerId={account.Id}"));
        Assert.Equal(0, empty.GetProperty("orders").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, empty.GetProperty("rate").ValueKind);
        await HttpAssert.ProblemAsync(await account.Admin.Client.GetAsync(path), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await world.Sales.GetAsync("/api/v1/reports/self-service?from=yesterday"), HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }
}
