using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Idempotency;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.Api.Tests.Ordering;

namespace Portal.Api.Tests.Resilience;

/// <summary>
/// The Idempotency-Key contract on PostgreSQL: keys per (account, API client), the canonical JSON
/// fingerprint, the lease of a reservation, and a refused request leaving its key free.
/// </summary>
public sealed class IdempotencyTests(OrderingWorld world) : IClassFixture<OrderingWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(IdempotentAttribute.HeaderName, key);
        return await client.SendAsync(request);
    }

    private static string OrderJson(string reference) =>
        $$"""{"lines":[{"sku":"FAS-1008","quantity":2}],"customerReference":"{{reference}}"}""";

    [Fact]
    public async Task A_second_requester_replaying_a_first_requesters_key_places_its_own_order()
    {
        var key = Guid.NewGuid().ToString();
        var json = OrderJson("SECOND-" + key[..8]);
        var buyers = await HttpAssert.OkJsonAsync(await PostAsync(world.Buyer, json, key), HttpStatusCode.Created);
        using var adminAnswer = await PostAsync(world.AcmeAdmin, json, key);
        var admins = await HttpAssert.OkJsonAsync(adminAnswer, HttpStatusCode.Created);

        Assert.False(adminAnswer.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(buyers.GetProperty("id").GetGuid(), admins.GetProperty("id").GetGuid());
        // Each requester's retry answers its own order.
        using var buyerAgain = await PostAsync(world.Buyer, json, key);
        Assert.Equal("true", buyerAgain.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(buyers.GetProperty("id").GetGuid(), (await HttpAssert.OkJsonAsync(buyerAgain, HttpStatusCode.Created)).GetProperty("id").GetGuid());
        using var adminAgain = await PostAsync(world.AcmeAdmin, json, key);
        Assert.Equal(admins.GetProperty("id").GetGuid(), (await HttpAssert.OkJsonAsync(adminAgain, HttpStatusCode.Created)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_same_JSON_with_other_whitespace_member_order_and_escapes_replays()
    {
        var key = Guid.NewGuid().ToString();
        var reference = "WS-" + key[..8];
        var first = await HttpAssert.OkJsonAsync(await PostAsync(world.Buyer, OrderJson(reference), key), HttpStatusCode.Created);
        var reformatted = $$"""

            {
              "customerReference" : "\u0057S-{{key[..8]}}",
              "lines" : [ { "quantity" : 2, "sku" : "FAS-1008" } ]
            }

            """;
        using var replay = await PostAsync(world.Buyer, reformatted, key);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("id").GetGuid(), (await HttpAssert.OkJsonAsync(replay, HttpStatusCode.Created)).GetProperty("id").GetGuid());

        // Another value is another request: 422, nothing placed.
        await HttpAssert.ProblemAsync(await PostAsync(world.Buyer, OrderJson(reference).Replace("2", "3", StringComparison.Ordinal), key), HttpStatusCode.UnprocessableEntity, ProblemTypes.BusinessRule);
        var placed = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/orders?q={reference}"));
        Assert.Single(placed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public void The_canonical_form_ignores_whitespace_member_order_and_escapes_but_not_values()
    {
        static string Canonical(string json) => RequestFingerprint.TryCanonical(Encoding.UTF8.GetBytes(json), out var c) ? Encoding.UTF8.GetString(c) : "not json";
        Assert.Equal(Canonical("""{"a":1,"b":[true,null,"x"]}"""), Canonical(" { \"b\" : [ true , null , \"\\u0078\" ] ,\n\t\"a\" : 1 } "));
        Assert.NotEqual(Canonical("""{"a":1}"""), Canonical("""{"a":1.0}"""));
        Assert.NotEqual(Canonical("""{"a":[1,2]}"""), Canonical("""{"a":[2,1]}"""));
        Assert.Equal("not json", Canonical("sku;quantity\nFAS-1008;2"));
    }

    [Fact]
    public async Task A_live_reservation_answers_409_and_one_whose_lease_ran_out_is_taken_over()
    {
        var json = OrderJson("LEASE-" + Guid.NewGuid().ToString("N")[..8]);
        var hash = await FingerprintAsync(json);
        var scope = IdempotentAttribute.Scope(world.Acme, "acme-buyer");
        var now = DateTimeOffset.UtcNow;
        var live = Guid.NewGuid().ToString();
        var dead = Guid.NewGuid().ToString();
        await using (var services = world.Services.CreateAsyncScope())
        {
            var db = services.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.IdempotencyKeys.Add(new IdempotencyRecord { Scope = scope, Key = live, RequestHash = hash, Owner = Guid.NewGuid(), LeaseUntil = now.AddMinutes(1), CreatedAt = now, ExpiresAt = now.AddDays(1) });
            // A reservation of an instance that died: its lease ran out, nothing was committed with it.
            db.IdempotencyKeys.Add(new IdempotencyRecord { Scope = scope, Key = dead, RequestHash = hash, Owner = Guid.NewGuid(), LeaseUntil = now.AddSeconds(-1), CreatedAt = now, ExpiresAt = now.AddDays(1) });
            await db.SaveChangesAsync();
        }

        using var busy = await PostAsync(world.Buyer, json, live);
        await HttpAssert.ProblemAsync(busy, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.InRange(int.Parse(busy.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        var taken = await HttpAssert.OkJsonAsync(await PostAsync(world.Buyer, json, dead), HttpStatusCode.Created);
        await using (var services = world.Services.CreateAsyncScope())
        {
            var db = services.ServiceProvider.GetRequiredService<PortalDbContext>();
            var record = await db.IdempotencyKeys.AsNoTracking().SingleAsync(r => r.Scope == scope && r.Key == dead);
            Assert.True(record.Completed);
            Assert.Equal(201, record.StatusCode);
            Assert.Equal(taken.GetProperty("id").GetGuid(), JsonDocument.Parse(record.Body!).RootElement.GetProperty("id").GetGuid());
        }
    }

    [Fact]
    public async Task A_refused_request_leaves_its_key_free_and_nothing_placed()
    {
        var key = Guid.NewGuid().ToString();
        var reference = "REFUSED-" + key[..8];
        var unpriceable = $$"""{"lines":[{"sku":"SAF-1003","quantity":1}],"customerReference":"{{reference}}"}""";
        await HttpAssert.ProblemAsync(await PostAsync(world.Buyer, unpriceable, key), HttpStatusCode.UnprocessableEntity, ProblemTypes.BusinessRule);
        await using (var services = world.Services.CreateAsyncScope())
        {
            var db = services.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.False(await db.IdempotencyKeys.AnyAsync(r => r.Key == key));
        }
        // The corrected request may use the same key.
        await HttpAssert.OkJsonAsync(await PostAsync(world.Buyer, OrderJson(reference), key), HttpStatusCode.Created);
        var placed = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/orders?q={reference}"));
        Assert.Single(placed.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"lines\":")]
    [InlineData("{\"lines\":[{\"sku\":\"FAS-1008\",\"quantity\":\"two\"}]}")]
    public async Task A_body_that_cannot_be_read_is_a_400_at_once_and_leaves_its_key_free(string body)
    {
        // The model binder answers these with a 400 result, not an exception: the unit rolls back and frees the key
        // outside its transaction (inside, the release was refused as a lost connection and retried into a 503).
        var key = Guid.NewGuid().ToString();
        var problem = await HttpAssert.ProblemAsync(await PostAsync(world.Buyer, body, key), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal("The request body could not be read.", problem.GetProperty("title").GetString());
        await using (var services = world.Services.CreateAsyncScope())
        {
            var db = services.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.False(await db.IdempotencyKeys.AnyAsync(r => r.Key == key));
        }
        var reference = "UNREAD-" + key[..8];
        await HttpAssert.OkJsonAsync(await PostAsync(world.Buyer, OrderJson(reference), key), HttpStatusCode.Created);
        var placed = await HttpAssert.OkJsonAsync(await world.Buyer.GetAsync($"/api/v1/orders?q={reference}"));
        Assert.Single(placed.GetProperty("items").EnumerateArray());
    }

    private static async Task<string> FingerprintAsync(string json)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/v1/orders";
        context.Request.ContentType = "application/json; charset=utf-8";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await RequestFingerprint.ComputeAsync(context.Request, CancellationToken.None);
    }
}
