using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Hosting.Demo;
using Portal.Api.Infrastructure;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Security;

/// <summary>
/// Issue 12, items 2, 6, 7, 8 and 10 (host level): forwarded headers only from configured proxies, no
/// Swagger in production, no published demo secrets on a real database, token keys protected at rest and
/// shared through Portal:PublicBaseUrl, nosniff.
/// </summary>
public sealed class HostHardeningTests
{
    [Fact]
    public async Task Spoofed_forwarded_headers_neither_escape_the_token_limit_nor_reach_the_access_log()
    {
        await using var api = new PortalApiFactory().With("Portal:RateLimit:TokenPermitPerMinute", "5");

        // The access log records the connection's address, never one a caller claims.
        using var admin = await api.CreateClientWithTokenAsync();
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/customers?limit=1");
        spoofed.Headers.Add("X-Forwarded-For", "203.0.113.66");
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(spoofed)).StatusCode);
        var log = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/access-log?limit=50"));
        var entries = log.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("resource").GetString() == "/api/v1/customers");
        Assert.DoesNotContain(entries, e => e.GetProperty("ip").GetString() == "203.0.113.66");

        // A different "client address" per request, as the attack did, does not open a new budget.
        using var anonymous = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials", ["client_id"] = "nobody", ["client_secret"] = "wrong",
                }),
            };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            request.Headers.Add("X-Forwarded-Proto", "https");
            statuses.Add((await anonymous.SendAsync(request)).StatusCode);
        }
        // One token request of the five was spent above, from the same (unforgeable) address: at most four
        // more get through, whatever X-Forwarded-For says.
        Assert.True(statuses.Count(s => s != HttpStatusCode.TooManyRequests) <= 4, string.Join(", ", statuses));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public void Forwarded_headers_are_processed_only_when_proxies_are_configured()
    {
        var none = new ForwardedHeadersOptions();
        PortalHost.ConfigureForwardedHeaders(none, new ForwardedHeadersSettings());
        Assert.Equal(ForwardedHeaders.None, none.ForwardedHeaders);
        Assert.Empty(none.KnownProxies);

        var configured = new ForwardedHeadersOptions();
        PortalHost.ConfigureForwardedHeaders(configured, new ForwardedHeadersSettings { KnownProxies = ["10.0.0.5"], KnownNetworks = ["192.168.0.0/16"] });
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, configured.ForwardedHeaders);
        Assert.Equal([IPAddress.Parse("10.0.0.5")], configured.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("192.168.0.0/16")], configured.KnownIPNetworks);
    }

    [Fact]
    public async Task Swagger_answers_404_in_production_unless_switched_on()
    {
        await using var production = new PortalApiFactory().With("environment", "Production");
        using var client = production.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/swagger/v1/swagger.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/swagger/index.html")).StatusCode);

        await using var enabled = new PortalApiFactory().With("environment", "Production").With("Portal:Swagger:Enabled", "true");
        using var enabledClient = enabled.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await enabledClient.GetAsync("/swagger/v1/swagger.json")).StatusCode);
    }

    [Fact]
    public async Task Published_demo_secrets_get_no_token_on_postgresql()
    {
        await using var api = new PortalApiFactory(); // PostgreSQL with Portal:SeedDemoData=true
        using var client = api.CreateClient();
        foreach (var (clientId, published, _) in DemoDataSeeder.DemoCustomerClients)
        {
            var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = published,
            }));
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{clientId}: {(int)response.StatusCode}");
            Assert.DoesNotContain("access_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // The random secret issued at seeding works, and is not the published one.
            var issued = api.DemoSecret(clientId);
            Assert.NotEqual(published, issued);
            Assert.True(issued.Length >= 32);
            using var demo = await api.CreateClientWithTokenAsync(clientId, issued);
            Assert.Equal(HttpStatusCode.OK, (await demo.GetAsync("/api/v1/me")).StatusCode);
        }
        Assert.NotEqual(DemoDataSeeder.DemoPunchout.SharedSecret, api.DemoSecret(DemoDataSeeder.DemoPunchout.Identity));
    }

    [Fact]
    public async Task Two_instances_with_one_public_base_url_accept_each_others_tokens_and_keys_are_protected_at_rest()
    {
        await using var first = new PortalApiFactory().With("Portal:PublicBaseUrl", "https://portal.example.com");
        using var onFirst = await first.CreateClientWithTokenAsync();
        await using var second = first.CreateSecondInstance();

        // Reached through different host names: the issuer is the public base URL on both.
        using var viaOtherHost = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://node-2.internal") });
        var token = await first.GetTokenAsync(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        Assert.Equal("https://portal.example.com/", Jwt.Part(token, 1).GetProperty("iss").GetString());
        viaOtherHost.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await viaOtherHost.GetAsync("/api/v1/me")).StatusCode);

        using var fromSecond = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://node-2.internal") });
        var secondToken = await second.GetTokenAsync(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        onFirst.DefaultRequestHeaders.Authorization = new("Bearer", secondToken);
        Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync("/api/v1/me")).StatusCode);

        // At rest the private key is protected: no PEM in the table, only Data Protection payloads.
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var keys = await db.TokenKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith("dp:", k.Material));
        Assert.All(keys, k => Assert.DoesNotContain("PRIVATE KEY", k.Material, StringComparison.Ordinal));
        Assert.NotEmpty(await db.DataProtectionKeys.AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task A_signing_key_past_its_lifetime_is_rotated_and_still_validates_the_tokens_it_signed()
    {
        await using var first = new PortalApiFactory();
        var oldToken = await first.GetTokenAsync(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        var oldKid = Jwt.Part(oldToken, 0).GetProperty("kid").GetString()!;

        // Age the active key, then start an instance: it retires the key and signs with a new one.
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var active = await db.TokenKeys.SingleAsync(k => k.Kind == TokenKey.SigningKind && k.RetiredAt == null);
            active.CreatedAt = DateTimeOffset.UtcNow.AddDays(-91);
            await db.SaveChangesAsync();
        }
        await using var restarted = first.CreateSecondInstance();
        var newToken = await restarted.GetTokenAsync(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        Assert.NotEqual(oldKid, Jwt.Part(newToken, 0).GetProperty("kid").GetString());

        using var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", oldToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", newToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        var jwks = await client.GetStringAsync("/.well-known/jwks");
        Assert.Contains(oldKid, jwks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_signed_with_alg_none_or_hs256_over_the_public_key_are_refused()
    {
        await using var api = new PortalApiFactory();
        var token = await api.GetTokenAsync(PortalApiFactory.AdminClientId, PortalApiFactory.AdminClientSecret);
        var parts = token.Split('.');
        var payload = parts[1];
        static string B64(string json) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(json);

        var none = B64("""{"alg":"none","typ":"at+jwt"}""") + "." + payload + ".";
        using var jwks = api.CreateClient();
        var publicKey = await jwks.GetStringAsync("/.well-known/jwks");
        var header = B64("""{"alg":"HS256","typ":"at+jwt"}""");
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(publicKey));
        var signature = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes(header + "." + payload)));
        var hs256 = header + "." + payload + "." + signature;

        foreach (var forged in new[] { none, hs256 })
        {
            using var client = api.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", forged);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        }
    }
}

/// <summary>Reads the parts of a JWT without validating it.</summary>
internal static class Jwt
{
    public static System.Text.Json.JsonElement Part(string token, int index) =>
        System.Text.Json.JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(token.Split('.')[index])).RootElement;
}
