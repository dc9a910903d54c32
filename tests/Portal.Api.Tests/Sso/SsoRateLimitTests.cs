using System.Net;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// The people's sign-in paths have a budget per IP address of their own (Portal:RateLimit:LoginPermitPerMinute):
/// over it /sso, /connect/authorize and /shop answer 429 with Retry-After, while machine clients still get
/// tokens (their budget is separate).
/// </summary>
public sealed class SsoRateLimitTests : IAsyncLifetime
{
    private readonly PortalApiFactory _api = new PortalApiFactory().With("Portal:RateLimit:LoginPermitPerMinute", "3");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Sign_in_paths_answer_429_over_their_budget_and_tokens_are_not_affected()
    {
        using var browser = _api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/sso/login?login_hint=a@nowhere.example&returnUrl=/", "/shop", "/connect/authorize?client_id=x", "/sso/login?login_hint=b@nowhere.example&returnUrl=/", "/shop" })
        {
            using var response = await browser.GetAsync(path);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses.Skip(3));

        // The token endpoint keeps its own budget.
        using var admin = await _api.CreateClientWithTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/me")).StatusCode);
    }
}
