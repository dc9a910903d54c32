using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Accounts;

/// <summary>Accounts, org trees, role inheritance, API-client lifecycle, isolation of ids in bodies, the access log.</summary>
public sealed class IdentityTests(AccountWorld world) : IClassFixture<AccountWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient AdminA => world.ClientsByRole["administrator"];

    [Fact]
    public async Task Ids_of_another_account_inside_request_bodies_answer_404_and_change_nothing()
    {
        var b = world.B;
        var a = world.A;
        var attempts = new (string Method, string Path, object Body)[]
        {
            ("POST", "/api/v1/cost-centers", new { code = "X-1", name = "x", orgUnitId = b.Department }),
            ("POST", "/api/v1/org-units", new { parentId = b.Root, name = "x" }),
            ("PATCH", $"/api/v1/org-units/{a.OrgUnitForPatch}", new { parentId = b.Root }),
            ("PATCH", $"/api/v1/org-units/{a.Department}", new { defaultCostCenterId = b.CostCenter }),
            ("POST", "/api/v1/users", new { email = "x1@a.example", name = "x", roles = new[] { new { role = "requester", orgUnitId = b.Root } } }),
            ("POST", "/api/v1/users", new { email = "x2@a.example", name = "x", orgUnitId = b.Root, roles = new[] { new { role = "requester", orgUnitId = a.Root } } }),
            ("POST", "/api/v1/users", new { email = "x3@a.example", name = "x", deputyUserId = b.VictimUser, roles = new[] { new { role = "requester", orgUnitId = a.Root } } }),
            ("PATCH", $"/api/v1/cost-centers/{a.CostCenter}", new { orgUnitId = b.Root }),
            ("POST", "/api/v1/addresses", new { kind = "delivery", name = "x", street = "s", postalCode = "1", city = "c", country = "DE", orgUnitId = b.Root }),
            ("POST", "/api/v1/api-clients", new { name = "x", userId = b.VictimUser }),
        };
        foreach (var (method, path, body) in attempts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) };
            var response = await AdminA.SendAsync(request);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }
        var users = await HttpAssert.OkJsonAsync(await AdminA.GetAsync("/api/v1/users?q=x&limit=200"));
        Assert.DoesNotContain(users.GetProperty("items").EnumerateArray(), u => u.GetProperty("email").GetString()!.StartsWith('x'));
        var costCenter = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/cost-centers/{a.CostCenter}"));
        Assert.Equal(a.Department, costCenter.GetProperty("orgUnitId").GetGuid());
    }

    [Fact]
    public async Task Roles_are_inherited_down_the_tree_and_not_up()
    {
        var a = world.A;
        var (client, userId) = await ClientWithRoleAsync("division-admin", "administrator", a.Division);

        // Below the unit where the role was granted: allowed.
        var unit = await AccountWorld.PostAsync(client, "/api/v1/org-units", null, new { parentId = a.Department, name = "Team" });
        await AccountWorld.PostAsync(client, "/api/v1/cost-centers", null, new { code = "CC-TEAM", name = "Team", orgUnitId = unit.GetProperty("id").GetGuid() });
        await AccountWorld.PostAsync(client, "/api/v1/users", null, new { email = "team@a.example", name = "Team member", roles = new[] { new { role = "requester", orgUnitId = a.Department } } });

        // At or above the root: refused.
        foreach (var (path, body) in new (string, object)[]
        {
            ("/api/v1/org-units", new { parentId = a.Root, name = "Sibling" }),
            ("/api/v1/cost-centers", new { code = "CC-ROOT", name = "Root", orgUnitId = a.Root }),
            ("/api/v1/users", new { email = "root@a.example", name = "x", roles = new[] { new { role = "administrator", orgUnitId = a.Root } } }),
            ("/api/v1/addresses", AccountWorld.Address("delivery")),
        })
        {
            await HttpAssert.ProblemAsync(await client.PostAsJsonAsync(path, body), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        }

        // /me lists the division and everything below it, not the root.
        var me = await HttpAssert.OkJsonAsync(await client.GetAsync("/api/v1/me"));
        Assert.Equal("customer", me.GetProperty("kind").GetString());
        Assert.Equal(userId, me.GetProperty("user").GetProperty("id").GetGuid());
        var units = me.GetProperty("effectiveRoles").EnumerateArray().Select(e => e.GetProperty("orgUnitId").GetGuid()).ToList();
        Assert.Contains(a.Division, units);
        Assert.Contains(a.Department, units);
        Assert.Contains(unit.GetProperty("id").GetGuid(), units);
        Assert.DoesNotContain(a.Root, units);
        Assert.DoesNotContain(a.OrgUnitForPatch, units);
    }

    [Fact]
    public async Task Administrators_cannot_grant_more_than_they_hold()
    {
        var a = world.A;
        var (client, _) = await ClientWithRoleAsync("dept-admin", "administrator", a.Department);
        // A user whose roles reach above the admin's unit cannot be handed to an API client by them.
        var rootApprover = await AccountWorld.PostAsync(AdminA, "/api/v1/users", null, new { email = "rootapprover@a.example", name = "x", roles = new[] { new { role = "approver", orgUnitId = a.Root } } });
        var refused = await client.PostAsJsonAsync("/api/v1/api-clients", new { name = "escalate", userId = rootApprover.GetProperty("id").GetGuid() });
        await HttpAssert.ProblemAsync(refused, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var patch = await client.PatchAsJsonAsync($"/api/v1/users/{rootApprover.GetProperty("id").GetGuid()}", new { name = "renamed" });
        await HttpAssert.ProblemAsync(patch, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task Rotated_secrets_work_old_ones_for_the_grace_period_and_revoked_clients_not_at_all()
    {
        var (clientId, secret, _) = world.CustomerCredentials["requester"];
        var user = await AccountWorld.PostAsync(AdminA, "/api/v1/users", null, new { email = "rotation@a.example", name = "Rotation", roles = new[] { new { role = "requester", orgUnitId = world.A.Root } } });
        var created = await AccountWorld.PostAsync(AdminA, "/api/v1/api-clients", null, new { name = "rotation", userId = user.GetProperty("id").GetGuid() });
        var id = created.GetProperty("id").GetGuid();
        clientId = created.GetProperty("clientId").GetString()!;
        var first = created.GetProperty("clientSecret").GetString()!;

        var listed = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/api-clients/{id}"));
        Assert.False(listed.TryGetProperty("clientSecret", out _));

        // A body in a media type the action does not read is a 415 problem (application/problem+json, not the
        // controller's application/json), and rotates nothing.
        using (var xml = new StringContent("<rotate/>", System.Text.Encoding.UTF8, "application/xml"))
        {
            await HttpAssert.ProblemAsync(await AdminA.PostAsync($"/api/v1/api-clients/{id}/rotate", xml), HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        }
        await world.GetTokenAsync(clientId, first);

        var rotated = await HttpAssert.OkJsonAsync(await AdminA.PostAsJsonAsync($"/api/v1/api-clients/{id}/rotate", new { gracePeriodMinutes = 60 }));
        var second = rotated.GetProperty("clientSecret").GetString()!;
        Assert.NotEqual(first, second);
        Assert.True(rotated.GetProperty("previousSecretValidUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(55));
        await world.GetTokenAsync(clientId, first);   // within the grace period
        await world.GetTokenAsync(clientId, second);

        var immediate = await HttpAssert.OkJsonAsync(await AdminA.PostAsJsonAsync($"/api/v1/api-clients/{id}/rotate", new { gracePeriodMinutes = 0 }));
        var third = immediate.GetProperty("clientSecret").GetString()!;
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.GetTokenAsync(clientId, first));
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.GetTokenAsync(clientId, second));
        using var live = await world.CreateClientWithTokenAsync(clientId, third);
        Assert.Equal(HttpStatusCode.OK, (await live.GetAsync("/api/v1/me")).StatusCode);

        var revoke = await AdminA.DeleteAsync($"/api/v1/api-clients/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        // The token issued before the revocation stops working at once ...
        await HttpAssert.ProblemAsync(await live.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        // ... and no new one is issued.
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.GetTokenAsync(clientId, third));
        var after = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/api-clients/{id}"));
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Deactivating_a_user_stops_their_clients_and_users_are_never_deleted()
    {
        var (client, userId) = await ClientWithRoleAsync("leaver", "requester", world.A.Department);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        var deactivated = await HttpAssert.OkJsonAsync(await AdminA.DeleteAsync($"/api/v1/users/{userId}"));
        Assert.False(deactivated.GetProperty("active").GetBoolean());
        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        var stillThere = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/users/{userId}"));
        Assert.False(stillThere.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Supplier_admins_manage_accounts_and_supplier_callers_select_an_account_by_header()
    {
        var customer = await AccountWorld.PostAsync(world.Admin, "/api/v1/customers", null, new { name = "Header GmbH", customerGroup = "retail", currency = "chf" });
        Assert.Equal("CHF", customer.GetProperty("currency").GetString());
        var id = customer.GetProperty("id").GetGuid();
        var patched = await HttpAssert.OkJsonAsync(await world.Admin.PatchAsJsonAsync($"/api/v1/customers/{id}", new { customerGroup = "wholesale" }));
        Assert.Equal("wholesale", patched.GetProperty("customerGroup").GetString());

        // Customer-scoped resources need the account: without the header a clear 400, with an unknown one 404.
        await HttpAssert.ProblemAsync(await world.Admin.GetAsync("/api/v1/users"), HttpStatusCode.BadRequest, ProblemTypes.BadRequest);
        using var unknown = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users");
        unknown.Headers.Add("Portal-Customer", Guid.NewGuid().ToString());
        await HttpAssert.ProblemAsync(await world.Admin.SendAsync(unknown), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        using var selected = new HttpRequestMessage(HttpMethod.Get, "/api/v1/org-units");
        selected.Headers.Add("Portal-Customer", id.ToString());
        var units = await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(selected));
        Assert.Equal(customer.GetProperty("rootOrgUnitId").GetGuid(), Assert.Single(units.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        // A customer-side caller cannot choose another account with the header.
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users");
        foreign.Headers.Add("Portal-Customer", world.B.Id.ToString());
        await HttpAssert.ProblemAsync(await AdminA.SendAsync(foreign), HttpStatusCode.NotFound, ProblemTypes.NotFound);

        var invalid = await world.Admin.PostAsJsonAsync("/api/v1/customers", new { name = "", customerGroup = "has space", currency = "EURO" });
        var problem = await HttpAssert.ProblemAsync(invalid, HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(3, problem.GetProperty("errors").EnumerateObject().Count());
        // Three letters are not enough: the code must be a currency goods are priced in.
        foreach (var code in new[] { "ABC", "XAU", "XXX" })
        {
            var notACurrency = await HttpAssert.ProblemAsync(
                await world.Admin.PostAsJsonAsync("/api/v1/customers", new { name = $"Currency {code}", customerGroup = "industry", currency = code }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.True(notACurrency.GetProperty("errors").TryGetProperty("currency", out _), code);
        }
    }

    [Fact]
    public async Task Org_units_move_with_their_subtree()
    {
        var a = world.A;
        var top = await AccountWorld.PostAsync(AdminA, "/api/v1/org-units", null, new { parentId = a.Root, name = "Moving" });
        var child = await AccountWorld.PostAsync(AdminA, "/api/v1/org-units", null, new { parentId = top.GetProperty("id").GetGuid(), name = "Child" });
        var moved = await HttpAssert.OkJsonAsync(await AdminA.PatchAsJsonAsync($"/api/v1/org-units/{top.GetProperty("id").GetGuid()}", new { parentId = a.Department }));
        Assert.Equal(3, moved.GetProperty("depth").GetInt32());
        var childAfter = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/org-units/{child.GetProperty("id").GetGuid()}"));
        Assert.Equal(4, childAfter.GetProperty("depth").GetInt32());

        var (divisionAdmin, _) = await ClientWithRoleAsync("mover", "administrator", a.Division);
        // The child is below the division now, so the division's admin manages it.
        await HttpAssert.OkJsonAsync(await divisionAdmin.PatchAsJsonAsync($"/api/v1/org-units/{child.GetProperty("id").GetGuid()}", new { name = "Renamed" }));

        var cycle = await AdminA.PatchAsJsonAsync($"/api/v1/org-units/{top.GetProperty("id").GetGuid()}", new { parentId = child.GetProperty("id").GetGuid() });
        await HttpAssert.ProblemAsync(cycle, HttpStatusCode.UnprocessableEntity, ProblemTypes.BusinessRule);
        var root = await AdminA.PatchAsJsonAsync($"/api/v1/org-units/{a.Root}", new { parentId = a.Division });
        await HttpAssert.ProblemAsync(root, HttpStatusCode.UnprocessableEntity, ProblemTypes.BusinessRule);
    }

    [Fact]
    public async Task The_same_user_or_cost_center_created_at_the_same_time_is_created_once_and_the_rest_are_409()
    {
        var a = world.A;
        var email = $"twice-{Guid.NewGuid():N}@a.example";
        var users = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => AdminA.PostAsJsonAsync("/api/v1/users", new
        {
            email, name = "Twice", roles = new[] { new { role = "requester", orgUnitId = a.Department } },
        })));
        Assert.Single(users, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in users.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await HttpAssert.ProblemAsync(refused, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        }
        var code = $"CC-{Guid.NewGuid():N}"[..16];
        var costCenters = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            AdminA.PostAsJsonAsync("/api/v1/cost-centers", new { code, name = "Twice", orgUnitId = a.Department })));
        Assert.Single(costCenters, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in costCenters.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await HttpAssert.ProblemAsync(refused, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        }
    }

    [Fact]
    public async Task Two_units_moved_below_each_other_at_the_same_time_never_make_a_cycle()
    {
        var a = world.A;
        for (var round = 0; round < 4; round++)
        {
            var first = (await AccountWorld.PostAsync(AdminA, "/api/v1/org-units", null, new { parentId = a.Root, name = $"Left {round}" })).GetProperty("id").GetGuid();
            var second = (await AccountWorld.PostAsync(AdminA, "/api/v1/org-units", null, new { parentId = a.Root, name = $"Right {round}" })).GetProperty("id").GetGuid();
            var answers = await Task.WhenAll(
                AdminA.PatchAsJsonAsync($"/api/v1/org-units/{first}", new { parentId = second }),
                AdminA.PatchAsJsonAsync($"/api/v1/org-units/{second}", new { parentId = first }));
            Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);

            // The tree stays a tree: one of the two is still below the root, the other below it, one level deeper.
            var left = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/org-units/{first}"));
            var right = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/org-units/{second}"));
            var (upper, lower) = left.GetProperty("parentId").GetGuid() == a.Root ? (left, right) : (right, left);
            Assert.Equal(a.Root, upper.GetProperty("parentId").GetGuid());
            Assert.Equal(upper.GetProperty("id").GetGuid(), lower.GetProperty("parentId").GetGuid());
            Assert.Equal(upper.GetProperty("depth").GetInt32() + 1, lower.GetProperty("depth").GetInt32());
        }
    }

    [Fact]
    public async Task Access_log_records_who_did_what_with_which_outcome_per_account()
    {
        var (client, userId) = await ClientWithRoleAsync("logged", "read-only", world.A.Root);
        await client.GetAsync("/api/v1/cost-centers");
        await client.GetAsync($"/api/v1/cost-centers/{world.B.CostCenter}");       // other account: 404
        await client.PostAsJsonAsync("/api/v1/cost-centers", new { code = "NO", name = "no", orgUnitId = world.A.Root }); // 403

        var page = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/access-log?userId={userId}&limit=200"));
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "GET /api/v1/cost-centers" && e.GetProperty("outcome").GetInt32() == 200);
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "GET /api/v1/cost-centers/{id}" && e.GetProperty("outcome").GetInt32() == 404);
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "POST /api/v1/cost-centers" && e.GetProperty("outcome").GetInt32() == 403);
        Assert.All(entries, e =>
        {
            Assert.Equal(userId, e.GetProperty("userId").GetGuid());
            Assert.Equal(world.A.Id, e.GetProperty("customerId").GetGuid());
            Assert.False(string.IsNullOrEmpty(e.GetProperty("clientId").GetString()));
        });
        var times = entries.Select(e => e.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);

        var filtered = await HttpAssert.OkJsonAsync(await AdminA.GetAsync($"/api/v1/access-log?userId={userId}&resource=/api/v1/cost-centers/&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}"));
        Assert.Single(filtered.GetProperty("items").EnumerateArray());

        // Account B's administrator-level view never contains account A's entries; the supplier admin sees all.
        var supplierView = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync($"/api/v1/access-log?userId={userId}"));
        Assert.Equal(entries.Count, supplierView.GetProperty("items").GetArrayLength());
        var raw = await (await AdminA.GetAsync("/api/v1/access-log?limit=200")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Bearer", raw, StringComparison.Ordinal);

        // The log holds every unit's requests and IP addresses: a division's administrator does not read it.
        var (divisionAdmin, _) = await ClientWithRoleAsync("division-admin", "administrator", world.A.Division);
        await HttpAssert.ProblemAsync(await divisionAdmin.GetAsync("/api/v1/access-log?limit=10"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await HttpAssert.ProblemAsync(await divisionAdmin.GetAsync($"/api/v1/access-log?userId={userId}"), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task Me_describes_supplier_callers()
    {
        var me = await HttpAssert.OkJsonAsync(await world.Admin.GetAsync("/api/v1/me"));
        Assert.Equal("supplier", me.GetProperty("kind").GetString());
        Assert.Contains("supplier-admin", me.GetProperty("supplierRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, me.GetProperty("user").ValueKind);
    }

    private async Task<(HttpClient Client, Guid UserId)> ClientWithRoleAsync(string name, string role, Guid orgUnitId)
    {
        var user = await AccountWorld.PostAsync(AdminA, "/api/v1/users", null, new { email = $"{name}-{Guid.NewGuid():N}@a.example", name, roles = new[] { new { role, orgUnitId } } });
        var userId = user.GetProperty("id").GetGuid();
        var credentials = await AccountWorld.PostAsync(AdminA, "/api/v1/api-clients", null, new { name, userId });
        var client = await world.CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
        return (client, userId);
    }
}
