using System.Net;
using System.Net.Http.Json;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests;

/// <summary>OpenTelemetry metrics: off unless configured; with Prometheus enabled, /metrics carries the route metrics and the price cache's.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Metrics_are_not_exposed_unless_enabled()
    {
        await using var api = new EmbeddedApiFactory();
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Prometheus_metrics_show_request_latency_per_route_and_the_price_cache()
    {
        await using var api = new EmbeddedApiFactory();
        api.With("Portal:Telemetry:Prometheus", "true");
        using var buyer = await api.CreateClientWithTokenAsync("acme-buyer", "acme-buyer-secret");
        var request = new { lines = new[] { new { sku = "FAS-1001", quantity = 3 } } };
        for (var i = 0; i < 3; i++)
        {
            (await buyer.PostAsJsonAsync("/api/v1/price-calculations", request)).EnsureSuccessStatusCode();
        }

        using var scraper = api.CreateClient();
        string text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("price-calculations", StringComparison.Ordinal); attempt++)
        {
            var response = await scraper.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (!text.Contains("price-calculations", StringComparison.Ordinal))
            {
                await Task.Delay(500);
            }
        }
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"api/v{version:apiVersion}/price-calculations\"", text, StringComparison.Ordinal);
        Assert.Contains("portal_price_cache_hits", text, StringComparison.Ordinal);
        Assert.Contains("portal_price_cache_hit_ratio", text, StringComparison.Ordinal);

        // The outbox backlog, as the dispatcher counted it (right after start, then every 10 s).
        for (var attempt = 0; attempt < 20 && !text.Contains("portal_outbox_backlog", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(500);
            text = await (await scraper.GetAsync("/metrics")).Content.ReadAsStringAsync();
        }
        Assert.Contains("portal_outbox_backlog", text, StringComparison.Ordinal);
        Assert.Contains("kind=\"webhook-delivery\"", text, StringComparison.Ordinal);
        Assert.Contains("kind=\"event-mail\"", text, StringComparison.Ordinal);
    }
}
