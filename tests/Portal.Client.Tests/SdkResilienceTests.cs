using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Hosting.Demo;
using Portal.Client;
using Portal.Client.Http;
using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>
/// Tokens, retries, paging and errors of the SDK against the real API in-process (PostgreSQL, Redis, real
/// OpenIddict tokens). Handlers between the SDK and the test server only count requests or replace an
/// answer (a lost answer, an overloaded proxy); every other answer is the API's own.
/// </summary>
public sealed class SdkResilienceTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>
{
    private (string Id, string Secret) Buyer =>
        (DemoDataSeeder.DemoCustomerClients[1].ClientId, api.DemoSecret(DemoDataSeeder.DemoCustomerClients[1].ClientId));

    /// <summary>Counts requests by path and lets a test replace answers.</summary>
    private sealed class Interceptor(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public readonly List<HttpRequestMessage> Requests = [];
        public readonly List<string?> IdempotencyKeys = [];
        public Func<HttpRequestMessage, HttpResponseMessage, int, HttpResponseMessage>? Replace;

        public int Count(string pathEnd) => Requests.Count(r => r.RequestUri!.AbsolutePath.EndsWith(pathEnd, StringComparison.Ordinal));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int index;
            lock (Requests)
            {
                Requests.Add(request);
                IdempotencyKeys.Add(request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null);
                index = Requests.Count - 1;
            }
            var response = await base.SendAsync(request, cancellationToken);
            return Replace is null ? response : Replace(request, response, index);
        }
    }

    /// <summary>The SDK's own pipeline (authentication → retries → transport) over the test server, with a settable clock.</summary>
    private (PortalClient Client, Interceptor Wire, Func<DateTimeOffset> Clock, Action<TimeSpan> Advance) NewPipeline(
        string clientId, string secret, PortalClientOptions? settings = null)
    {
        var now = DateTimeOffset.UtcNow;
        Func<DateTimeOffset> clock = () => now;
        var wire = new Interceptor(api.Server.CreateHandler());
        var options = settings ?? new PortalClientOptions();
        options.BaseUri = api.Server.BaseAddress;
        options.ClientId = clientId;
        options.ClientSecret = secret;
        if (settings is null)
        {
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        }
        var tokens = new ClientCredentialsTokenProvider(options, clock);
        var retry = new PortalRetryHandler(options) { InnerHandler = wire };
        var authentication = new PortalAuthenticationHandler(tokens, options.GetBaseUri()) { InnerHandler = retry };
        var http = new HttpClient(authentication) { Timeout = options.Timeout };
        return (new PortalClient(options, http, ownsHttpClient: true), wire, clock, by => now += by);
    }

    [Fact]
    public async Task The_token_is_reused_and_renewed_shortly_before_it_expires()
    {
        var (client, wire, _, advance) = NewPipeline(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        using var _ = client;

        await client.Categories.ListAsync();
        await client.Categories.ListAsync();
        Assert.Equal(1, wire.Count("/connect/token"));

        // The API issues 30-minute tokens; the SDK renews 60 s before the end, not at the end.
        advance(TimeSpan.FromMinutes(28));
        await client.Categories.ListAsync();
        Assert.Equal(1, wire.Count("/connect/token"));

        advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        await client.Categories.ListAsync();
        Assert.Equal(2, wire.Count("/connect/token"));
        var bearers = wire.Requests.Where(r => r.RequestUri!.AbsolutePath.EndsWith("/categories", StringComparison.Ordinal))
            .Select(r => r.Headers.Authorization!.Parameter).ToList();
        Assert.Equal(bearers[0], bearers[2]);
        Assert.NotEqual(bearers[2], bearers[3]);
    }

    [Fact]
    public async Task A_token_the_api_rejects_is_replaced_after_the_401_and_the_call_succeeds()
    {
        var (client, wire, _, _) = NewPipeline(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        using var _ = client;
        // The first token answer carries a token the API does not accept (as after a key rotation).
        wire.Replace = (request, response, index) =>
        {
            if (index == 0 && request.RequestUri!.AbsolutePath.EndsWith("/connect/token", StringComparison.Ordinal))
            {
                response.Dispose();
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent("""{"access_token":"not-a-token-the-api-issued","token_type":"Bearer","expires_in":1800}""", Encoding.UTF8, "application/json"),
                };
            }
            return response;
        };

        var categories = await client.Categories.ListAsync();

        Assert.NotEmpty(categories);
        Assert.Equal(2, wire.Count("/connect/token"));
        Assert.Equal(2, wire.Count("/categories"));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task An_order_whose_answer_was_a_429_or_503_is_retried_after_Retry_After_and_placed_once(int status)
    {
        var (client, wire, _, _) = NewPipeline(Buyer.Id, Buyer.Secret);
        using var _ = client;
        // The order reaches the API, but the caller sees a 429/503 with Retry-After: 1 (an overloaded proxy).
        var replaced = 0;
        wire.Replace = (request, response, _) =>
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/orders", StringComparison.Ordinal)
                && Interlocked.Increment(ref replaced) == 1)
            {
                response.Dispose();
                var answer = new HttpResponseMessage((HttpStatusCode)status);
                answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return answer;
            }
            return response;
        };
        var reference = $"SDK-{status}-" + Guid.NewGuid().ToString("N")[..8];
        var watch = Stopwatch.StartNew();

        var order = await client.Orders.CreateAsync(body: new CreateOrderRequest
        {
            Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 3 }],
            CustomerReference = reference,
        });

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {watch.Elapsed}, before Retry-After");
        var posts = wire.Requests.Select((r, i) => (r, i))
            .Where(x => x.r.Method == HttpMethod.Post && x.r.RequestUri!.AbsolutePath.EndsWith("/orders", StringComparison.Ordinal))
            .Select(x => wire.IdempotencyKeys[x.i]).ToList();
        Assert.Equal(2, posts.Count);
        Assert.False(string.IsNullOrEmpty(posts[0]));
        Assert.Equal(posts[0], posts[1]);
        var found = await client.Orders.ListAsync(q: reference);
        Assert.Equal(order.Id, Assert.Single(found.Items).Id);
    }

    [Fact]
    public async Task Two_calls_get_two_keys_so_two_identical_orders_are_two_orders()
    {
        var (client, wire, _, _) = NewPipeline(Buyer.Id, Buyer.Secret);
        using var _ = client;
        var reference = "SDK-TWICE-" + Guid.NewGuid().ToString("N")[..8];
        var request = new CreateOrderRequest { Lines = [new CartLineInput { Sku = "FAS-1002", Quantity = 1 }], CustomerReference = reference };

        var first = await client.Orders.CreateAsync(body: request);
        var second = await client.Orders.CreateAsync(body: request);

        Assert.NotEqual(first.Id, second.Id);
        var orderKeys = wire.Requests.Select((r, i) => (r, i))
            .Where(x => x.r.RequestUri!.AbsolutePath.EndsWith("/orders", StringComparison.Ordinal))
            .Select(x => wire.IdempotencyKeys[x.i]).ToList();
        Assert.Equal(2, orderKeys.Count);
        Assert.NotEqual(orderKeys[0], orderKeys[1]);
    }

    [Fact]
    public async Task A_real_429_of_the_api_beyond_the_retry_budget_becomes_PortalApiException()
    {
        await using var limited = new PortalApiFactory().With("Portal:RateLimit:PermitPerMinute", "2");
        using var http = limited.CreateClient();
        using var client = new PortalClient(new PortalClientOptions
        {
            BaseUri = http.BaseAddress,
            ClientId = PortalApiFactory.AdminClientId,
            ClientSecret = PortalApiFactory.AdminClientSecret,
            HttpClient = http,
            MaxRetryAfter = TimeSpan.FromSeconds(2), // the limiter asks for up to a minute: not waited for
        });

        var error = await Assert.ThrowsAnyAsync<PortalApiException>(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await client.Categories.ListAsync();
            }
        });

        Assert.Equal(429, error.Status);
        Assert.Equal("urn:portal:problem:rate-limited", error.Type);
        Assert.Contains(error.Headers, h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase));
        Assert.True(error.RetryAfter > TimeSpan.FromSeconds(2), $"RetryAfter {error.RetryAfter}");
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task A_Retry_After_beyond_MaxRetryAfter_is_not_waited_for_and_is_exposed()
    {
        var (client, wire, _, _) = NewPipeline(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret,
            new PortalClientOptions { MaxRetryAfter = TimeSpan.FromSeconds(5), RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        using var _ = client;
        wire.Replace = (request, response, _) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/categories", StringComparison.Ordinal))
            {
                response.Dispose();
                var answer = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
                answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
                return answer;
            }
            return response;
        };

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<PortalApiException>(() => client.Categories.ListAsync());

        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal(1, wire.Count("/categories"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ListAllAsync_pages_through_orders_across_several_pages()
    {
        var (client, wire, _, _) = NewPipeline(Buyer.Id, Buyer.Secret);
        using var _ = client;
        var prefix = "SDK-PAGE-" + Guid.NewGuid().ToString("N")[..8];
        var placed = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var order = await client.Orders.CreateAsync(body: new CreateOrderRequest
            {
                Lines = [new CartLineInput { Sku = "OFF-1001", Quantity = i + 1 }],
                CustomerReference = $"{prefix}-{i}",
            });
            placed.Add(order.Id);
        }
        var listCallsBefore = wire.Count("/orders");

        var listed = new List<OrderSummaryDto>();
        await foreach (var order in client.Orders.ListAllAsync(q: prefix, pageSize: 2))
        {
            listed.Add(order);
        }

        Assert.Equal(placed.Order(), listed.Select(o => o.Id).Order()); // each once
        Assert.Equal(listed.OrderByDescending(o => o.CreatedAt).Select(o => o.Id), listed.Select(o => o.Id)); // newest first
        Assert.Equal(4, wire.Count("/orders") - listCallsBefore); // 2 + 2 + 2 + 1
    }

    [Fact]
    public async Task ListAllAsync_stops_when_cancelled()
    {
        var (client, _, _, _) = NewPipeline(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        using var _ = client;
        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var product in client.Products.ListAllAsync(pageSize: 10, cancellationToken: cancellation.Token))
            {
                if (++seen == 15)
                {
                    cancellation.Cancel();
                }
            }
        });
        Assert.Equal(20, seen);
    }

    [Fact]
    public async Task Validation_and_permission_problems_become_PortalApiException()
    {
        var (client, _, _, _) = NewPipeline(Buyer.Id, Buyer.Secret);
        using var _ = client;

        var invalid = await Assert.ThrowsAnyAsync<PortalApiException>(() => client.Pricing.CalculateAsync(body: new PriceCalculationRequest
        {
            Lines = [],
        }));
        Assert.Equal(400, invalid.Status);
        Assert.Equal("urn:portal:problem:validation", invalid.Type);
        Assert.NotEmpty(invalid.Errors);
        Assert.False(string.IsNullOrEmpty(invalid.Title));

        var forbidden = await Assert.ThrowsAnyAsync<PortalApiException>(() => client.PriceConditions.ListAsync());
        Assert.Equal(403, forbidden.Status);
        Assert.Equal("urn:portal:problem:forbidden", forbidden.Type);
        Assert.False(string.IsNullOrEmpty(forbidden.RequestId));
    }

    [Fact]
    public async Task AddPortalClient_registers_a_working_client_with_the_customer_header()
    {
        using var http = api.CreateClient();
        var services = new ServiceCollection();
        services.AddPortalClient(o =>
        {
            o.BaseUri = http.BaseAddress;
            o.ClientId = PortalApiFactory.AdminClientId;
            o.ClientSecret = PortalApiFactory.AdminClientSecret;
            o.HttpClient = http;
        });
        await using var provider = services.BuildServiceProvider();
        var customers = provider.GetRequiredService<PortalClient>();
        var acme = await customers.Customers.ListAllAsync(q: "C-10001").SingleAsync();

        var scoped = new ServiceCollection();
        scoped.AddPortalClient(o =>
        {
            o.BaseUri = http.BaseAddress;
            o.ClientId = PortalApiFactory.AdminClientId;
            o.ClientSecret = PortalApiFactory.AdminClientSecret;
            o.CustomerId = acme.Id.ToString();
            o.HttpClient = http;
        });
        await using var scopedProvider = scoped.BuildServiceProvider();
        var client = scopedProvider.GetRequiredService<PortalClient>();
        var prices = await client.Pricing.CalculateAsync(body: new PriceCalculationRequest
        {
            Lines = [new PriceCalculationLineRequest { Sku = "FAS-1001", Quantity = 1 }],
        });
        Assert.Equal("EUR", prices.Currency);
        Assert.Null(prices.Lines.Single().Error);
    }

    private sealed class TestServerFactory(PortalApiFactory api) : IHttpClientFactory
    {
        public List<string> Names { get; } = [];

        public HttpClient CreateClient(string name)
        {
            lock (Names)
            {
                Names.Add(name);
            }
            return api.CreateClient();
        }
    }

    [Fact]
    public async Task An_injected_IHttpClientFactory_carries_every_request()
    {
        var factory = new TestServerFactory(api);
        using var client = new PortalClient(new PortalClientOptions
        {
            BaseUri = api.Server.BaseAddress,
            ClientId = Buyer.Id,
            ClientSecret = Buyer.Secret,
            HttpClientFactory = factory,
            HttpClientFactoryName = "portal",
        });

        var me = await client.Me.GetAsync();

        Assert.Equal("C-10001", me.Customer!.Number);
        Assert.Equal(["portal", "portal"], factory.Names); // the token, then the call
    }
}
