using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Privacy;

/// <summary>Issue #22, items 2 and 3: export and erasure of a person; punchout pages in the access log.</summary>
public sealed class ErasureTests(PrivacyWorld world) : IClassFixture<PrivacyWorld>
{
    [Fact]
    public async Task An_erased_users_name_and_email_are_gone_from_user_orders_and_access_log_while_orders_and_totals_remain()
    {
        var account = await world.CreateAccountAsync();
        var person = account.Requester;
        using var place = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new
            {
                lines = new[] { new { sku = PrivacyWorld.Sku, quantity = 4, note = $"for {person.Name}" } },
                note = $"Call {person.Name} at {person.Email}",
            }),
        };
        place.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()); // its stored answer shows the note too
        var order = await HttpAssert.OkJsonAsync(await person.Client.SendAsync(place), HttpStatusCode.Created);
        var orderId = order.GetProperty("id").GetGuid();
        var total = order.GetProperty("total").GetDecimal();
        await HttpAssert.OkJsonAsync(await person.Client.GetAsync("/api/v1/me"));
        await world.FlushAccessLogAsync();

        // The export (Art. 15/20) lists the person's orders; only administrators (or the person) may ask.
        var export = await HttpAssert.OkJsonAsync(await account.Admin.Client.GetAsync($"/api/v1/users/{person.Id}/personal-data"));
        Assert.Equal(person.Email, export.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(orderId, Assert.Single(export.GetProperty("orders").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.NotEmpty(export.GetProperty("accessLog").EnumerateArray());
        await HttpAssert.ProblemAsync(await world.Sales.GetAsync($"/api/v1/users/{person.Id}/personal-data"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);

        var erased = await HttpAssert.OkJsonAsync(await account.Admin.Client.PostAsync($"/api/v1/users/{person.Id}/erasure", null));
        var pseudonym = erased.GetProperty("pseudonym").GetString()!;
        Assert.StartsWith("erased-", pseudonym);

        // The user: pseudonymised and deactivated; its token no longer works.
        var user = await HttpAssert.OkJsonAsync(await account.Admin.Client.GetAsync($"/api/v1/users/{person.Id}"));
        Assert.Equal(pseudonym, user.GetProperty("name").GetString());
        Assert.DoesNotContain(person.Email, user.GetProperty("email").GetString());
        Assert.False(user.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Client.GetAsync("/api/v1/me")).StatusCode);

        // The order stays with its lines and total; the person is gone from it.
        var kept = await HttpAssert.OkJsonAsync(await account.Admin.Client.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal(total, kept.GetProperty("total").GetDecimal());
        Assert.Equal(4m, kept.GetProperty("lines")[0].GetProperty("quantity").GetDecimal());
        Assert.DoesNotContain(person.Name, kept.GetRawText());
        Assert.DoesNotContain(person.Email, kept.GetRawText());

        // Nowhere in the database: users, orders, lines, access log, outbox events, mails.
        await world.FlushAccessLogAsync();
        await using var scope = world.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var secret in new[] { person.Name, person.Email })
        {
            foreach (var table in new[] { "users", "orders", "order_lines", "access_log", "outbox_messages", "mail_messages", "carts", "cart_lines", "punchout_sessions", "api_clients" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT count(*) FROM {table} t WHERE t::text ILIKE '%' || @secret || '%'";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "secret";
                parameter.Value = secret;
                command.Parameters.Add(parameter);
                Assert.True((long)(await command.ExecuteScalarAsync())! == 0, $"'{secret}' is still in {table}");
            }
            await using var stored = connection.CreateCommand();
            stored.CommandText = "SELECT count(*) FROM idempotency_keys WHERE position(convert_to(@secret, 'UTF8') in body) > 0";
            var value = stored.CreateParameter();
            value.ParameterName = "secret";
            value.Value = secret;
            stored.Parameters.Add(value);
            Assert.True((long)(await stored.ExecuteScalarAsync())! == 0, $"'{secret}' is still in a stored answer (idempotency_keys)");
        }

        // Both requests are in the access log, by ids only.
        var log = await HttpAssert.OkJsonAsync(await account.Admin.Client.GetAsync($"/api/v1/access-log?resource=/api/v1/users/{person.Id}"));
        var actions = log.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("POST /api/v1/users/{id}/erasure", actions);
        Assert.Contains("GET /api/v1/users/{id}/personal-data", actions);

        // Repeating it is harmless; another account's user is not found; nobody erases themselves.
        await HttpAssert.OkJsonAsync(await account.Admin.Client.PostAsync($"/api/v1/users/{person.Id}/erasure", null));
        var other = await world.CreateAccountAsync();
        await HttpAssert.ProblemAsync(await account.Admin.Client.PostAsync($"/api/v1/users/{other.Requester.Id}/erasure", null), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await other.Admin.Client.PostAsync($"/api/v1/users/{other.Admin.Id}/erasure", null), HttpStatusCode.UnprocessableEntity, ProblemTypes.BusinessRule);
    }

    [Fact]
    public async Task A_supplier_admin_erases_with_the_account_selected_and_a_requester_may_not()
    {
        var account = await world.CreateAccountAsync();
        await HttpAssert.ProblemAsync(await account.Requester.Client.PostAsync($"/api/v1/users/{account.Admin.Id}/erasure", null), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var erased = await HttpAssert.OkJsonAsync(await PrivacyWorld.SendAsync(world.Admin, HttpMethod.Post, $"/api/v1/users/{account.Requester.Id}/erasure", account.Id));
        Assert.Equal(account.Requester.Id, erased.GetProperty("userId").GetGuid());
    }
}
