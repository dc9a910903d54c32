using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Api.Features.Punchout;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Idempotency;
using Portal.Api.Infrastructure.Maintenance;
using Portal.Api.Tests.Ordering;

namespace Portal.Api.Tests.Resilience;

/// <summary>The purge of expired idempotency keys, punchout sessions and StartPages, once across instances.</summary>
public sealed class ExpiredDataPurgeTests(OrderingWorld world) : IClassFixture<OrderingWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Expired_keys_sessions_and_unused_start_pages_are_purged_and_nothing_else()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await using (var scope = world.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            IdempotencyRecord Key(string name, DateTimeOffset expires, bool completed, DateTimeOffset lease) => new()
            {
                Scope = "purge:" + tag, Key = name, RequestHash = "x", Completed = completed, LeaseUntil = lease, CreatedAt = now.AddDays(-2), ExpiresAt = expires,
            };
            db.IdempotencyKeys.AddRange(
                Key("expired", now.AddHours(-1), true, now.AddDays(-2)),
                Key("expired-abandoned", now.AddHours(-1), false, now.AddDays(-2)),
                Key("expired-but-held", now.AddHours(-1), false, now.AddMinutes(1)),
                Key("current", now.AddHours(20), true, now.AddDays(-2)));
            PunchoutSession Session(string name, DateTimeOffset startExpires, DateTimeOffset? started, DateTimeOffset expires, string status) => new()
            {
                CustomerId = world.Acme, UserId = world.BuyerId, Operation = "create", BuyerCookie = tag + name, ReturnUrl = "http://127.0.0.1:5199/",
                FormEncoding = "cxml-base64", SetupPayloadId = tag + name, BuyerDomain = "NetworkID", BuyerIdentity = "AN-" + tag,
                StartTokenHash = (tag + name + "start").PadRight(64, '0')[..64], StartExpiresAt = startExpires, StartedAt = started,
                FormToken = tag + name, ExpiresAt = expires, Status = status, CreatedAt = startExpires.AddMinutes(-5),
            };
            db.PunchoutSessions.AddRange(
                Session("old", now.AddDays(-40), now.AddDays(-40), now.AddDays(-39), PunchoutSessionStatuses.Transferred),
                Session("unused-start-page", now.AddHours(-2), null, now.AddHours(6), PunchoutSessionStatuses.Pending),
                Session("recently-expired", now.AddDays(-2), now.AddDays(-2), now.AddDays(-1), PunchoutSessionStatuses.Transferred),
                Session("open", now.AddMinutes(-1), now.AddMinutes(-2), now.AddHours(7), PunchoutSessionStatuses.Open));
            await db.SaveChangesAsync();
        }

        var service = world.Services.GetRequiredService<ExpiredDataPurgeService>();
        // Another instance holds the purge's advisory lock: this one skips the round.
        await using (var other = new NpgsqlConnection(world.ConnectionString))
        {
            await other.OpenAsync();
            await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({ExpiredDataPurgeService.AdvisoryLockKey})", other);
            await take.ExecuteNonQueryAsync();
            Assert.Null(await service.RunOnceAsync(CancellationToken.None));
        }
        int? deleted = null;
        for (var i = 0; i < 20 && deleted is null; i++)
        {
            deleted = await service.RunOnceAsync(CancellationToken.None); // null while the background round holds the lock
            await Task.Delay(deleted is null ? 200 : 0);
        }
        Assert.NotNull(deleted);

        await using (var scope = world.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var keys = await db.IdempotencyKeys.Where(r => r.Scope == "purge:" + tag).Select(r => r.Key).OrderBy(k => k).ToListAsync();
            Assert.Equal(["current", "expired-but-held"], keys);
            var sessions = await db.PunchoutSessions.IgnoreQueryFilters().Where(s => s.BuyerIdentity == "AN-" + tag).Select(s => s.BuyerCookie).OrderBy(c => c).ToListAsync();
            Assert.Equal([tag + "open", tag + "recently-expired"], sessions);
        }
        Assert.True(deleted >= 4);
    }
}
