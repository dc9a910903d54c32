using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests;

/// <summary>Cross-cutting behaviour of the host: health, tokens, problems, request ids.</summary>
public class HostTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task Ready_reports_postgresql_and_redis()
    {
        using var client = api.CreateClient();
        var live = await HttpAssert.OkJsonAsync(await client.GetAsync("/health/live"));
        Assert.Equal("Healthy", live.GetProperty("status").GetString());

        var ready = await HttpAssert.OkJsonAsync(await client.GetAsync("/health/ready"));
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database (postgresql)").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Token_endpoint_issues_short_lived_bearer_tokens_for_valid_clients_only()
    {
        using var client = api.CreateClient();
        var ok = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = PortalApiFactory.AdminClientId,
            ["client_secret"] = PortalApiFactory.AdminClientSecret,
        }));
        var token = await HttpAssert.OkJsonAsync(ok);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.InRange(token.GetProperty("expires_in").GetInt32(), 60, 3600);

        var wrong = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = PortalApiFactory.AdminClientId,
            ["client_secret"] = "not-the-secret",
        }));
        Assert.False(wrong.IsSuccessStatusCode);
        var error = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());

        var password = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "a",
            ["password"] = "b",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, password.StatusCode);
    }

    [Fact]
    public async Task Request_id_is_echoed_and_quoted_in_problems()
    {
        using var client = await api.CreateClientWithTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products/NOPE");
        request.Headers.Add("X-Request-Id", "support-ticket-42");
        var response = await client.SendAsync(request);
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Equal("support-ticket-42", problem.GetProperty("requestId").GetString());
        Assert.Equal("support-ticket-42", response.Headers.GetValues("X-Request-Id").Single());

        using var hostile = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products/NOPE");
        hostile.Headers.TryAddWithoutValidation("X-Request-Id", "<script>");
        var replaced = await client.SendAsync(hostile);
        Assert.NotEqual("<script>", replaced.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_problems()
    {
        using var client = await api.CreateClientWithTokenAsync();
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await client.DeleteAsync("/api/v1/products/FAS-1001"), HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed);
        var unversioned = await client.GetAsync("/api/v9/products");
        Assert.Equal("application/problem+json", unversioned.Content.Headers.ContentType?.MediaType);
        Assert.True(unversioned.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_versions_are_reported()
    {
        using var client = await api.CreateClientWithTokenAsync();
        var response = await client.GetAsync("/api/v1/categories");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("1.0", response.Headers.GetValues("api-supported-versions").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swagger_ui_and_document_are_served_when_switched_on()
    {
        await using var swagger = new PortalApiFactory().With("Portal:Swagger:Enabled", "true");
        using var client = swagger.CreateClient();
        var document = await HttpAssert.OkJsonAsync(await client.GetAsync("/swagger/v1/swagger.json"));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/products/by-gtin/{code}", out _));
        var ui = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }
}

/// <summary>Rate limits answer 429 problems with Retry-After, per client, shared through Redis.</summary>
public class RateLimitTests : IClassFixture<RateLimitTests.LimitedApiFactory>
{
    private readonly LimitedApiFactory _api;

    public RateLimitTests(LimitedApiFactory api) => _api = api;

    public sealed class LimitedApiFactory : PortalApiFactory
    {
        public LimitedApiFactory()
        {
            With("Portal:RateLimit:PermitPerMinute", "5");
            With("Portal:RateLimit:TokenPermitPerMinute", "20");
        }
    }

    [Fact]
    public async Task Limits_are_shared_by_instances_through_redis()
    {
        var (id, secret) = await _api.CreateOAuthClientAsync("sales");
        using var second = _api.CreateSecondInstance();
        using var onFirst = await _api.CreateClientWithTokenAsync(id, secret);
        using var onSecond = await second.CreateClientWithTokenAsync(id, secret);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync("/api/v1/me")).StatusCode);
        }
        // The sixth request of the minute goes to the other instance: it knows the budget is spent.
        await HttpAssert.ProblemAsync(await onSecond.GetAsync("/api/v1/me"), HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
    }

    [Fact]
    public async Task Token_requests_are_limited_per_ip()
    {
        // An instance of its own: this test spends the whole token budget of the test server's address.
        using var isolated = new LimitedApiFactory();
        using var client = isolated.CreateClient();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 40 && limited is null; i++)
        {
            var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "nobody",
                ["client_secret"] = "wrong",
            }));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
        Assert.Equal("20", limited.Headers.GetValues("RateLimit-Limit").Single());
    }

    [Fact]
    public async Task A_flooding_client_gets_429_while_another_client_is_served()
    {
        using var flooding = await _api.CreateClientWithTokenAsync();
        var (otherId, otherSecret) = await _api.CreateOAuthClientAsync("sales");
        using var other = await _api.CreateClientWithTokenAsync(otherId, otherSecret);

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await flooding.GetAsync("/api/v1/categories");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        var problem = await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
        Assert.NotNull(problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("5", limited.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", limited.Headers.GetValues("RateLimit-Remaining").Single());

        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/categories")).StatusCode);
    }
}
