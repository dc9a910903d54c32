using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Api.Infrastructure;
using Portal.Api.Infrastructure.Outbound;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Events;

/// <summary>The SSRF guard: on the API (private networks not allowed, the default) and on the outbound client itself.</summary>
public sealed class OutboundGuardTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("http://localhost/hooks")]
    [InlineData("http://[::1]/hooks")]
    [InlineData("http://10.1.2.3/hooks")]
    [InlineData("http://192.168.10.20/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::ffff:127.0.0.1]/hooks")]
    public async Task A_webhook_to_a_loopback_private_or_metadata_address_is_refused_with_a_400_problem(string url)
    {
        using var admin = await api.CreateClientWithTokenAsync();
        var problem = await HttpAssert.ProblemAsync(
            await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, events = new[] { "order.submitted" } }), HttpStatusCode.BadRequest, ProblemTypes.UrlNotAllowed);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
        var list = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/webhooks"));
        Assert.Equal(0, list.GetProperty("items").GetArrayLength()); // nothing was stored
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("169.254.1.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("2606:4700:4700::1111", true)]
    public void Addresses_are_classified(string address, bool allowed)
    {
        Assert.Equal(allowed, OutboundAddressPolicy.Refusal(IPAddress.Parse(address), allowPrivateNetworks: false) is null);
    }

    [Fact]
    public void Metadata_addresses_stay_refused_when_private_networks_are_allowed()
    {
        Assert.NotNull(OutboundAddressPolicy.Refusal(IPAddress.Parse("169.254.169.254"), allowPrivateNetworks: true));
        Assert.NotNull(OutboundAddressPolicy.Refusal(IPAddress.Parse("::ffff:169.254.169.254"), allowPrivateNetworks: true));
        Assert.Null(OutboundAddressPolicy.Refusal(IPAddress.Parse("127.0.0.1"), allowPrivateNetworks: true));
    }

    private static ServiceProvider Outbound(bool allowPrivate, string environment, bool? requireHttps = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOptions<PortalOptions>>(Options.Create(new PortalOptions { Outbound = new OutboundOptions { AllowPrivateNetworks = allowPrivate, RequireHttps = requireHttps } }));
        services.AddSingleton<IHostEnvironment>(new TestEnvironment(environment));
        OutboundHttp.Register(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_outbound_client_refuses_to_connect_to_loopback_and_follows_no_redirect()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 0);

        await using (var guarded = Outbound(allowPrivate: false, "Development"))
        {
            var outbound = guarded.GetRequiredService<OutboundHttp>();
            var client = guarded.GetRequiredService<IHttpClientFactory>().CreateClient(OutboundHttp.ClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, receiver.Url) { Content = new StringContent("{}") };
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => outbound.SendAsync(client, request, CancellationToken.None));
            Assert.IsType<OutboundRequestRefusedException>(refused.InnerException ?? refused);
            Assert.Empty(receiver.Requests); // the request never left
        }

        await using (var open = Outbound(allowPrivate: true, "Development"))
        {
            var outbound = open.GetRequiredService<OutboundHttp>();
            var client = open.GetRequiredService<IHttpClientFactory>().CreateClient(OutboundHttp.ClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, receiver.BaseUrl + "/redirect");
            using var response = await outbound.SendAsync(client, request, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // answered, not followed
        }
    }

    [Fact]
    public async Task Production_requires_https_unless_configured_otherwise()
    {
        await using var production = Outbound(allowPrivate: true, "Production");
        var outbound = production.GetRequiredService<OutboundHttp>();
        Assert.NotNull(outbound.CheckUri(new Uri("http://hooks.example.com/x")));
        Assert.Null(outbound.CheckUri(new Uri("https://hooks.example.com/x")));
        await Assert.ThrowsAsync<UrlNotAllowedException>(() => outbound.ValidateTargetAsync("url", "http://hooks.example.com/x", CancellationToken.None));

        await using var relaxed = Outbound(allowPrivate: true, "Production", requireHttps: false);
        Assert.Null(relaxed.GetRequiredService<OutboundHttp>().CheckUri(new Uri("http://hooks.example.com/x")));
        await using var development = Outbound(allowPrivate: true, "Development");
        Assert.Null(development.GetRequiredService<OutboundHttp>().CheckUri(new Uri("http://hooks.example.com/x")));
        Assert.NotNull(development.GetRequiredService<OutboundHttp>().CheckUri(new Uri("http://user:pw@hooks.example.com/x")));
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Portal.Api.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
