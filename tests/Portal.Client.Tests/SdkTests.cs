using Portal.Client;
using Portal.Samples.QuickStart;
using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>The SDK against the real API in-process (PostgreSQL, Redis, real tokens).</summary>
public sealed class SdkTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>, IDisposable
{
    private readonly List<IDisposable> _disposables = [];

    private PortalClient NewClient(string clientId = PortalApiFactory.AdminClientId, string secret = PortalApiFactory.AdminClientSecret)
    {
        var http = api.CreateClient();
        var client = new PortalClient(new PortalClientOptions
        {
            BaseUri = http.BaseAddress,
            ClientId = clientId,
            ClientSecret = secret,
            HttpClient = http,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        _disposables.Add(http);
        _disposables.Add(client);
        return client;
    }

    [Fact]
    public async Task QuickStart_sample_runs_against_the_api()
    {
        var output = new StringWriter();
        var exitCode = await QuickStartRun.RunAsync(NewClient(Portal.Api.Hosting.Demo.DemoDataSeeder.DemoCustomerClients[1].ClientId, api.DemoSecret(Portal.Api.Hosting.Demo.DemoDataSeeder.DemoCustomerClients[1].ClientId)), output, CancellationToken.None);
        Assert.True(exitCode == 0, output.ToString());
        Assert.Contains("Barcode", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Order SO-", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAllAsync_pages_through_every_product_once()
    {
        var client = NewClient();
        var skus = new List<string>();
        await foreach (var product in client.Products.ListAllAsync(pageSize: 37))
        {
            skus.Add(product.Sku);
        }
        Assert.True(skus.Count >= 240);
        Assert.Equal(skus.Count, skus.Distinct().Count());
    }

    [Fact]
    public async Task Problems_become_PortalApiException_with_the_problem_fields()
    {
        var client = NewClient();
        var notFound = await Assert.ThrowsAnyAsync<PortalApiException>(() => client.Products.GetAsync("NO-SUCH-SKU"));
        Assert.Equal(404, notFound.Status);
        Assert.Equal("urn:portal:problem:not-found", notFound.Type);
        Assert.Contains("NO-SUCH-SKU", notFound.Detail, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(notFound.RequestId));

        var invalid = await Assert.ThrowsAnyAsync<PortalApiException>(() => client.Products.GetByGtinAsync("4006381333932"));
        Assert.Equal(400, invalid.Status);
        Assert.Equal("urn:portal:problem:validation", invalid.Type);
        Assert.Contains("code", invalid.Errors!.Keys);
    }

    [Fact]
    public async Task Wrong_credentials_fail_with_the_oauth_error()
    {
        var client = NewClient(secret: "wrong");
        var ex = await Assert.ThrowsAnyAsync<PortalApiException>(() => client.Categories.ListAsync());
        Assert.Equal("urn:oauth:error:invalid_client", ex.Type);
    }

    [Fact]
    public async Task Concurrent_calls_share_one_token()
    {
        var client = NewClient();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Categories.ListAsync()));
        Assert.All(results, r => Assert.NotEmpty(r));
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }
    }
}

/// <summary>A lost answer retried by the SDK never places an order twice.</summary>
public sealed class SdkRetryTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>
{
    /// <summary>Passes the first POST to the API, then pretends the answer was lost (502) once.</summary>
    private sealed class LoseFirstAnswer(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Posts;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/orders", StringComparison.Ordinal) && Interlocked.Increment(ref Posts) == 1)
            {
                response.Dispose();
                return new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway);
            }
            return response;
        }
    }

    [Fact]
    public async Task A_retried_order_is_placed_once()
    {
        var lossy = new LoseFirstAnswer(api.Server.CreateHandler());
        using var http = new HttpClient(lossy) { BaseAddress = api.Server.BaseAddress };
        using var client = new PortalClient(new PortalClientOptions
        {
            BaseUri = http.BaseAddress,
            ClientId = Portal.Api.Hosting.Demo.DemoDataSeeder.DemoCustomerClients[1].ClientId,
            ClientSecret = api.DemoSecret(Portal.Api.Hosting.Demo.DemoDataSeeder.DemoCustomerClients[1].ClientId),
            HttpClient = http,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        var reference = "SDK-RETRY-" + Guid.NewGuid().ToString("N")[..8];
        var order = await client.Orders.CreateAsync(body: new CreateOrderRequest
        {
            Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 2 }],
            CustomerReference = reference,
        });
        Assert.Equal(2, lossy.Posts);
        var found = await client.Orders.ListAsync(q: reference);
        Assert.Equal(order.Id, Assert.Single(found.Items).Id);
    }
}
