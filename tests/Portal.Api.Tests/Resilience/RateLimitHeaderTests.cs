using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Portal.Api.Infrastructure.RateLimiting;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Resilience;

/// <summary>RateLimit-* headers on every /api answer, and Retry-After as the seconds really left in the window.</summary>
public sealed class RateLimitHeaderTests(RateLimitHeaderTests.Api api) : IClassFixture<RateLimitHeaderTests.Api>
{
    public sealed class Api : PortalApiFactory
    {
        public Api() => With("Portal:RateLimit:PermitPerMinute", "4");
    }

    private static int Header(HttpResponseMessage response, string name) =>
        int.Parse(response.Headers.GetValues(name).Single(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_api_answer_carries_the_limit_the_permits_left_and_the_seconds_left()
    {
        var (id, secret) = await api.CreateOAuthClientAsync("sales");
        using var client = await api.CreateClientWithTokenAsync(id, secret);

        using var ok = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(4, Header(ok, "RateLimit-Limit"));
        Assert.Equal(3, Header(ok, "RateLimit-Remaining"));
        var firstReset = Header(ok, "RateLimit-Reset");
        Assert.InRange(firstReset, 1, 60);

        // An error answer counts and says so too.
        using var missing = await client.GetAsync($"/api/v1/orders/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(2, Header(missing, "RateLimit-Remaining"));

        await Task.Delay(2100);
        using var later = await client.GetAsync("/api/v1/me");
        Assert.Equal(1, Header(later, "RateLimit-Remaining"));
        var laterReset = Header(later, "RateLimit-Reset");
        Assert.True(laterReset <= firstReset - 2, $"the reset counts down: {firstReset} then {laterReset}");

        using var last = await client.GetAsync("/api/v1/me");
        Assert.Equal(0, Header(last, "RateLimit-Remaining"));
        using var refused = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = Header(refused, "Retry-After");
        Assert.Equal(retryAfter, Header(refused, "RateLimit-Reset"));
        Assert.InRange(retryAfter, 1, laterReset); // the seconds left in this window, not a flat minute
        Assert.Equal(0, Header(refused, "RateLimit-Remaining"));
    }

    [Fact]
    public void The_local_window_counts_down_and_starts_over()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-04T12:00:00Z", CultureInfo.InvariantCulture));
        using var limiter = new LocalWindowRateLimiter(2, TimeSpan.FromMinutes(1), clock);
        using var first = limiter.AttemptAcquire();
        Assert.True(first.TryGetMetadata(RateLimitMetadata.Remaining, out var remaining) && remaining == 1);
        clock.Advance(TimeSpan.FromSeconds(45));
        using var second = limiter.AttemptAcquire();
        Assert.True(second.TryGetMetadata(RateLimitMetadata.Reset, out var reset) && reset == TimeSpan.FromSeconds(15));
        using var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry == TimeSpan.FromSeconds(15));
        clock.Advance(TimeSpan.FromSeconds(15));
        using var next = limiter.AttemptAcquire();
        Assert.True(next.IsAcquired);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
