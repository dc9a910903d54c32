using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Features.AccessLog;
using Portal.Api.Features.Privacy;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Tenancy;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Privacy;

/// <summary>Issue #22, item 1: per-account retention, applied by the scheduled job's runner.</summary>
public sealed class RetentionTests(PrivacyWorld world) : IClassFixture<PrivacyWorld>
{
    [Fact]
    public async Task The_retention_job_pseudonymises_old_personal_data_and_deletes_old_access_log_entries_keeping_orders_and_amounts()
    {
        var account = await world.CreateAccountAsync();
        var patched = await HttpAssert.OkJsonAsync(await PrivacyWorld.SendAsync(world.Admin, HttpMethod.Patch, $"/api/v1/customers/{account.Id}",
            body: new { retention = new { accessLogDays = 30, inactiveUserDays = 10, orderPersonalDataDays = 20 } }));
        Assert.Equal(30, patched.GetProperty("retention").GetProperty("accessLogDays").GetInt32());
        await HttpAssert.ProblemAsync(await PrivacyWorld.SendAsync(world.Admin, HttpMethod.Patch, $"/api/v1/customers/{account.Id}",
            body: new { retention = new { accessLogDays = -1 } }), HttpStatusCode.BadRequest, Portal.Api.Infrastructure.Problems.ProblemTypes.Validation);

        var oldOrder = await HttpAssert.OkJsonAsync(await account.Requester.Client.PostAsJsonAsync("/api/v1/orders", new
        {
            lines = new[] { new { sku = PrivacyWorld.Sku, quantity = 3, note = "ring Mrs Miller" } }, note = "deliver to Mrs Miller, 0171 555 1234",
        }), HttpStatusCode.Created);
        var newOrder = await HttpAssert.OkJsonAsync(await account.Requester.Client.PostAsJsonAsync("/api/v1/orders", new { lines = new[] { new { sku = PrivacyWorld.Sku, quantity = 1 } }, note = "recent note" }), HttpStatusCode.Created);
        var leaver = await world.AddPersonAsync(account.Id, account.Root, "Larry Leaver", "requester");
        await HttpAssert.OkJsonAsync(await PrivacyWorld.SendAsync(world.Admin, HttpMethod.Delete, $"/api/v1/users/{leaver.Id}", account.Id));
        await world.FlushAccessLogAsync();

        // Time passes: the first order is 21 days old, the leaver left 11 days ago, an access-log entry is 31 days old.
        await using (var scope = world.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().AcrossAccounts();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var orderId = oldOrder.GetProperty("id").GetGuid();
            await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.CreatedAt, DateTimeOffset.UtcNow.AddDays(-21)));
            await db.Users.Where(u => u.Id == leaver.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.UpdatedAt, DateTimeOffset.UtcNow.AddDays(-11)));
            db.AccessLog.Add(new AccessLogEntry { Time = DateTimeOffset.UtcNow.AddDays(-31), ClientId = "old", CustomerId = account.Id, Action = "GET /api/v1/me", Resource = "/api/v1/me", Outcome = 200, Ip = "192.0.2.7" });
            db.AccessLog.Add(new AccessLogEntry { Time = DateTimeOffset.UtcNow.AddDays(-29), ClientId = "recent", CustomerId = account.Id, Action = "GET /api/v1/me", Resource = "/api/v1/me", Outcome = 200 });
            await db.SaveChangesAsync();
        }

        await using (var scope = world.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<RetentionRunner>().RunAsync(CancellationToken.None);
            Assert.True(outcome.AccessLogDeleted >= 1 && outcome.UsersPseudonymised >= 1 && outcome.OrdersPseudonymised >= 1, outcome.ToString());
        }

        var admin = account.Admin.Client;
        var old = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/orders/{oldOrder.GetProperty("id").GetGuid()}"));
        Assert.Equal(oldOrder.GetProperty("total").GetDecimal(), old.GetProperty("total").GetDecimal());
        Assert.Equal(3m, old.GetProperty("lines")[0].GetProperty("quantity").GetDecimal());
        Assert.DoesNotContain("Miller", old.GetRawText());
        Assert.DoesNotContain("0171 555 1234", old.GetRawText()); // the phone number (not just "555": random ids may hold it)
        Assert.Equal("Goods receipt", old.GetProperty("deliveryAddress").GetProperty("name").GetString()); // the company's own address stays
        var recent = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/orders/{newOrder.GetProperty("id").GetGuid()}"));
        Assert.Equal("recent note", recent.GetProperty("note").GetString());

        var user = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/users/{leaver.Id}"));
        Assert.StartsWith("erased-", user.GetProperty("name").GetString());
        Assert.DoesNotContain("Leaver", user.GetRawText());
        var active = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/users/{account.Requester.Id}"));
        Assert.Equal(account.Requester.Name, active.GetProperty("name").GetString());

        await using (var scope = world.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().AcrossAccounts();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.False(await db.AccessLog.AnyAsync(e => e.CustomerId == account.Id && e.ClientId == "old"));
            Assert.True(await db.AccessLog.AnyAsync(e => e.CustomerId == account.Id && e.ClientId == "recent"));
        }
    }
}
