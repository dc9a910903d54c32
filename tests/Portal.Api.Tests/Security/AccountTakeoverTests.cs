using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Accounts;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Security;

/// <summary>
/// Issue 12, item 1 (and item 4): inside one account, an administrator of a sub-unit can do nothing to
/// whatever reaches above its units — not read, rotate or revoke the API client of the root's
/// administrator, not change that user, not grant roles above its units. Role changes work and are logged.
/// </summary>
public sealed class AccountTakeoverTests(AccountWorld world) : IClassFixture<AccountWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sub_unit_administrator_can_neither_read_rotate_nor_revoke_a_root_administrators_client_nor_grant_above_its_units()
    {
        var a = world.A;
        var (departmentAdmin, departmentAdminUser) = await ClientWithRoleAsync("dept-admin", "administrator", a.Department);
        var rootAdmin = world.CustomerCredentials["administrator"];
        var rootClientId = await ApiClientIdAsync(rootAdmin.ClientId);

        await HttpAssert.ProblemAsync(await departmentAdmin.GetAsync($"/api/v1/api-clients/{rootClientId}"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(
            await departmentAdmin.PostAsJsonAsync($"/api/v1/api-clients/{rootClientId}/rotate", new { gracePeriodMinutes = 0 }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await departmentAdmin.DeleteAsync($"/api/v1/api-clients/{rootClientId}"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var listed = await HttpAssert.OkJsonAsync(await departmentAdmin.GetAsync("/api/v1/api-clients?limit=200"));
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("clientId").GetString() == rootAdmin.ClientId);

        // The root administrator's secret still works: nothing was rotated or revoked.
        using var stillRoot = await world.CreateClientWithTokenAsync(rootAdmin.ClientId, rootAdmin.Secret);
        await HttpAssert.OkJsonAsync(await stillRoot.GetAsync("/api/v1/me"));

        // Nor can it change the root administrator (deactivate, rename) or grant roles above its units.
        await HttpAssert.ProblemAsync(await PatchAsync(departmentAdmin, $"/api/v1/users/{rootAdmin.UserId}", new { active = false }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await departmentAdmin.DeleteAsync($"/api/v1/users/{rootAdmin.UserId}"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(
            await PatchAsync(departmentAdmin, $"/api/v1/users/{a.VictimUser}", new { roles = new[] { new { role = "administrator", orgUnitId = a.Root } } }),
            HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(
            await PatchAsync(departmentAdmin, $"/api/v1/users/{departmentAdminUser}", new { roles = new[] { new { role = "administrator", orgUnitId = a.Root } } }),
            HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(
            await departmentAdmin.PostAsJsonAsync("/api/v1/users", new { email = "climber@a.example", name = "Climber", roles = new[] { new { role = "administrator", orgUnitId = a.Division } } }),
            HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var root = await HttpAssert.OkJsonAsync(await world.ClientsByRole["administrator"].GetAsync($"/api/v1/users/{rootAdmin.UserId}"));
        Assert.True(root.GetProperty("active").GetBoolean());

        // Within its own units everything still works: a department requester's client is read, rotated and revoked.
        var requester = await AccountWorld.PostAsync(departmentAdmin, "/api/v1/users", null,
            new { email = $"dept-req-{Guid.NewGuid():N}@a.example", name = "Dept requester", roles = new[] { new { role = "requester", orgUnitId = a.Department } } });
        var client = await AccountWorld.PostAsync(departmentAdmin, "/api/v1/api-clients", null, new { name = "dept requester", userId = requester.GetProperty("id").GetGuid() });
        var id = client.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await departmentAdmin.GetAsync($"/api/v1/api-clients/{id}"));
        await HttpAssert.OkJsonAsync(await departmentAdmin.PostAsJsonAsync($"/api/v1/api-clients/{id}/rotate", new { gracePeriodMinutes = 0 }));
        Assert.Equal(HttpStatusCode.NoContent, (await departmentAdmin.DeleteAsync($"/api/v1/api-clients/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_department_administrator_can_do_nothing_to_a_sibling_departments_users_and_clients_nor_another_accounts()
    {
        var a = world.A;
        var (departmentAdmin, _) = await ClientWithRoleAsync("dept-admin-sibling", "administrator", a.Department);
        var sibling = (await AccountWorld.PostAsync(world.Admin, "/api/v1/org-units", a.Id, new { parentId = a.Division, name = "Sibling department" })).GetProperty("id").GetGuid();
        var siblingUser = (await AccountWorld.PostAsync(world.Admin, "/api/v1/users", a.Id,
            new { email = $"sibling-{Guid.NewGuid():N}@a.example", name = "Sibling requester", roles = new[] { new { role = "requester", orgUnitId = sibling } }, orgUnitId = sibling }))
            .GetProperty("id").GetGuid();
        var siblingClient = (await AccountWorld.PostAsync(world.Admin, "/api/v1/api-clients", a.Id, new { name = "sibling requester", userId = siblingUser })).GetProperty("id").GetGuid();

        await HttpAssert.ProblemAsync(await departmentAdmin.GetAsync($"/api/v1/api-clients/{siblingClient}"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(
            await departmentAdmin.PostAsJsonAsync($"/api/v1/api-clients/{siblingClient}/rotate", new { gracePeriodMinutes = 0 }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await departmentAdmin.DeleteAsync($"/api/v1/api-clients/{siblingClient}"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await PatchAsync(departmentAdmin, $"/api/v1/users/{siblingUser}", new { active = false }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(
            await departmentAdmin.PostAsJsonAsync("/api/v1/users", new { email = $"into-sibling-{Guid.NewGuid():N}@a.example", name = "Into sibling", roles = new[] { new { role = "requester", orgUnitId = sibling } } }),
            HttpStatusCode.Forbidden, ProblemTypes.Forbidden);

        // Another account's client and user are not found at all.
        await HttpAssert.ProblemAsync(await departmentAdmin.GetAsync($"/api/v1/api-clients/{world.B.VictimClient}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(
            await departmentAdmin.PostAsJsonAsync($"/api/v1/api-clients/{world.B.VictimClient}/rotate", new { gracePeriodMinutes = 0 }), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await PatchAsync(departmentAdmin, $"/api/v1/users/{world.B.VictimUser}", new { active = false }), HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Role_changes_work_and_are_logged_with_the_roles_before_and_after()
    {
        var a = world.A;
        var admin = world.ClientsByRole["administrator"];
        var user = await AccountWorld.PostAsync(admin, "/api/v1/users", null,
            new { email = $"promoted-{Guid.NewGuid():N}@a.example", name = "Promoted", roles = new[] { new { role = "requester", orgUnitId = a.Department } } });
        var userId = user.GetProperty("id").GetGuid();

        var changed = await HttpAssert.OkJsonAsync(await PatchAsync(admin, $"/api/v1/users/{userId}",
            new { roles = new[] { new { role = "approver", orgUnitId = a.Division }, new { role = "requester", orgUnitId = a.Department } } }));
        var roles = changed.GetProperty("roles").EnumerateArray().Select(r => (r.GetProperty("role").GetString(), r.GetProperty("orgUnitId").GetGuid())).ToList();
        Assert.Equal([("approver", a.Division), ("requester", a.Department)], roles);
        var reread = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/users/{userId}"));
        Assert.Equal(2, reread.GetProperty("roles").GetArrayLength());

        // Removing one and adding another in the same change.
        await HttpAssert.OkJsonAsync(await PatchAsync(admin, $"/api/v1/users/{userId}", new { roles = new[] { new { role = "read-only", orgUnitId = a.Root } } }));

        var log = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/access-log?resource=/api/v1/users/{userId}&limit=10"));
        var details = log.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "PATCH /api/v1/users/{id}")
            .Select(e => e.GetProperty("detail").GetString())
            .ToList();
        Assert.Equal(2, details.Count);
        Assert.Equal($"roles before: approver@{a.Division}, requester@{a.Department}; roles after: read-only@{a.Root}", details[0]);
        Assert.Equal($"roles before: requester@{a.Department}; roles after: approver@{a.Division}, requester@{a.Department}", details[1]);
    }

    private async Task<Guid> ApiClientIdAsync(string clientId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/api-clients?limit=200");
        request.Headers.Add("Portal-Customer", world.A.Id.ToString());
        var list = await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(request));
        return list.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == clientId).GetProperty("id").GetGuid();
    }

    private async Task<(HttpClient Client, Guid UserId)> ClientWithRoleAsync(string name, string role, Guid unit)
    {
        var user = await AccountWorld.PostAsync(world.Admin, "/api/v1/users", world.A.Id,
            new { email = $"{name}-{Guid.NewGuid():N}@a.example", name, roles = new[] { new { role, orgUnitId = unit } }, orgUnitId = unit });
        var userId = user.GetProperty("id").GetGuid();
        var credentials = await AccountWorld.PostAsync(world.Admin, "/api/v1/api-clients", world.A.Id, new { name, userId });
        var client = await world.CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
        return (client, userId);
    }

    internal static Task<HttpResponseMessage> PatchAsync(HttpClient client, string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }
}
