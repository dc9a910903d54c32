using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Tests.Events;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Approvals;

/// <summary>Multi-level approvals over HTTP against PostgreSQL: order of levels, no self-approval, deputies, escalation, spending limits, rejection.</summary>
public sealed class ApprovalTests(ApprovalsWorld world) : IClassFixture<ApprovalsWorld>
{
    private static async Task<JsonElement> RuleAsync(ApprovalsWorld.Account account, object rule) =>
        await ApprovalsWorld.PostAsync(account["admin"].Client, "/api/v1/approval-rules", null, rule);

    private static Task<HttpResponseMessage> ApproveAsync(ApprovalsWorld.Account account, string who, Guid approvalId) =>
        account[who].Client.PostAsJsonAsync($"/api/v1/approvals/{approvalId}/approve", new { });

    [Fact]
    public async Task A_three_level_rule_approves_in_order_and_no_level_can_be_skipped_or_self_approved()
    {
        var account = await world.CreateAccountAsync();
        await RuleAsync(account, new
        {
            name = "Three levels",
            conditions = new { minOrderTotal = 0 },
            levels = new object[]
            {
                new { approverRole = "approver", orgUnitId = account.Department },
                new { approverRole = "approver", orgUnitId = account.Division },
                new { approverRole = "approver", orgUnitId = account.Root },
            },
        });
        var order = await ApprovalsWorld.PlaceAsync(account);
        Assert.Equal("pending-approval", order.GetProperty("status").GetString());
        var orderId = order.GetProperty("id").GetGuid();
        var approval = await ApprovalsWorld.ApprovalOfAsync(account, orderId);
        var id = approval.GetProperty("id").GetGuid();
        Assert.Equal(1, approval.GetProperty("currentLevel").GetInt32());
        Assert.Equal(3, approval.GetProperty("levels").GetArrayLength());

        // The requester holds the approver role at the root, but never decides its own order.
        var self = await HttpAssert.ProblemAsync(await ApproveAsync(account, "requester", id), HttpStatusCode.Forbidden, "urn:portal:problem:forbidden");
        Assert.Contains("own order", self.GetProperty("detail").GetString());

        // The pending list shows a1 the approval; nothing for the deputy, who is no approver.
        var pending = await HttpAssert.OkJsonAsync(await account["a1"].Client.GetAsync("/api/v1/approvals?status=pending"));
        Assert.Contains(pending.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id && a.GetProperty("canDecide").GetBoolean());
        var none = await HttpAssert.OkJsonAsync(await account["deputy"].Client.GetAsync("/api/v1/approvals?status=pending"));
        Assert.DoesNotContain(none.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);

        await HttpAssert.OkJsonAsync(await ApproveAsync(account, "a1", id));
        // Level 2 needs the approver role at the division or above: a1 (department) cannot, and cannot decide twice.
        await HttpAssert.ProblemAsync(await ApproveAsync(account, "a1", id), HttpStatusCode.Forbidden, "urn:portal:problem:forbidden");
        var afterOne = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal("pending-approval", afterOne.GetProperty("status").GetString());

        var two = await HttpAssert.OkJsonAsync(await ApproveAsync(account, "a3", id));
        Assert.Equal(3, two.GetProperty("currentLevel").GetInt32());
        // a3 decided level 2: it may not decide level 3 as well; a2 (division) is below the root.
        await HttpAssert.ProblemAsync(await ApproveAsync(account, "a3", id), HttpStatusCode.Forbidden, "urn:portal:problem:forbidden");
        await HttpAssert.ProblemAsync(await ApproveAsync(account, "a2", id), HttpStatusCode.Forbidden, "urn:portal:problem:forbidden");

        var done = await HttpAssert.OkJsonAsync(await ApproveAsync(account, "a4", id));
        Assert.Equal("approved", done.GetProperty("status").GetString());
        var levels = done.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal([account["a1"].UserId, account["a3"].UserId, account["a4"].UserId], levels.Select(l => l.GetProperty("decidedBy").GetGuid()).ToList());
        Assert.All(levels, l => Assert.Equal("api", l.GetProperty("via").GetString()));

        var approved = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        var history = approved.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("reason").GetString() ?? string.Empty).ToList();
        Assert.Contains(history, h => h.StartsWith("Level 1 of 3 approved", StringComparison.Ordinal));
        Assert.Contains(history, h => h.StartsWith("Level 2 of 3 approved", StringComparison.Ordinal));
        Assert.Contains(history, h => h.StartsWith("Level 3 of 3 approved: approval complete", StringComparison.Ordinal));
        // A decided approval cannot be decided again.
        await HttpAssert.ProblemAsync(await ApproveAsync(account, "a2", id), HttpStatusCode.Conflict, "urn:portal:problem:conflict");
    }

    [Fact]
    public async Task Two_approvers_deciding_one_level_at_the_same_time_decide_it_once()
    {
        var account = await world.CreateAccountAsync();
        await RuleAsync(account, new { name = "One level", conditions = new { minOrderTotal = 0 }, levels = new object[] { new { approverRole = "approver", orgUnitId = account.Root } } });
        for (var round = 0; round < 3; round++)
        {
            var order = await ApprovalsWorld.PlaceAsync(account);
            var orderId = order.GetProperty("id").GetGuid();
            var id = (await ApprovalsWorld.ApprovalOfAsync(account, orderId)).GetProperty("id").GetGuid();

            // a3 approves while a4 rejects: one decision wins, the other is refused, and the order follows the winner.
            var answers = await Task.WhenAll(
                ApproveAsync(account, "a3", id),
                account["a4"].Client.PostAsJsonAsync($"/api/v1/approvals/{id}/reject", new { reason = "too much" }));
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            var after = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/orders/{orderId}"));
            var status = after.GetProperty("status").GetString();
            Assert.Equal(answers[0].StatusCode == HttpStatusCode.OK ? "approved" : "rejected", status);
            var history = after.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()).ToList();
            Assert.Equal(1, history.Count(h => h is "approved" or "rejected"));
        }
    }

    [Fact]
    public async Task An_approver_of_a_sibling_unit_neither_sees_nor_decides_the_approval()
    {
        var account = await world.CreateAccountAsync();
        await RuleAsync(account, new { name = "Department", conditions = new { minOrderTotal = 0 }, levels = new object[] { new { approverRole = "approver", orgUnitId = account.Department } } });
        var order = await ApprovalsWorld.PlaceAsync(account);
        var orderId = order.GetProperty("id").GetGuid();
        var id = (await ApprovalsWorld.ApprovalOfAsync(account, orderId)).GetProperty("id").GetGuid();

        var pending = await HttpAssert.OkJsonAsync(await account["sibling"].Client.GetAsync("/api/v1/approvals?status=pending"));
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        var approve = await ApproveAsync(account, "sibling", id);
        Assert.Contains(approve.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        var reject = await account["sibling"].Client.PostAsJsonAsync($"/api/v1/approvals/{id}/reject", new { reason = "not mine" });
        Assert.Contains(reject.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });

        var still = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal("pending-approval", still.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_absent_approvers_deputy_decides_on_their_behalf()
    {
        var account = await world.CreateAccountAsync();
        // Only a1 by name: the role is required at a unit where nobody holds it.
        await RuleAsync(account, new { name = "Named", levels = new object[] { new { approverRole = "approver", orgUnitId = account.Empty, userIds = new[] { account["a1"].UserId } } } });
        var order = await ApprovalsWorld.PlaceAsync(account);
        var id = (await ApprovalsWorld.ApprovalOfAsync(account, order.GetProperty("id").GetGuid())).GetProperty("id").GetGuid();

        await HttpAssert.ProblemAsync(await ApproveAsync(account, "deputy", id), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        var now = DateTimeOffset.UtcNow;
        var patch = await account["admin"].Client.PatchAsJsonAsync($"/api/v1/users/{account["a1"].UserId}", new
        {
            deputyUserId = account["deputy"].UserId, absentFrom = now.AddMinutes(-1), absentUntil = now.AddDays(1),
        });
        var user = await HttpAssert.OkJsonAsync(patch);
        Assert.Equal(account["deputy"].UserId, user.GetProperty("deputyUserId").GetGuid());

        var decided = await HttpAssert.OkJsonAsync(await ApproveAsync(account, "deputy", id));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        var level = decided.GetProperty("levels")[0];
        Assert.Equal(account["deputy"].UserId, level.GetProperty("decidedBy").GetGuid());
        Assert.Equal(account["a1"].UserId, level.GetProperty("onBehalfOf").GetGuid());
        var history = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/orders/{order.GetProperty("id").GetGuid()}"));
        Assert.Contains(history.GetProperty("history").EnumerateArray(), h => h.GetProperty("actor").GetString()!.Contains($"on behalf of user {account["a1"].UserId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unanswered_approval_escalates_after_the_configured_time()
    {
        var account = await world.CreateAccountAsync();
        await RuleAsync(account, new
        {
            name = "Escalating", escalateAfter = "PT8S",
            levels = new object[] { new { approverRole = "approver", orgUnitId = account.Empty, userIds = new[] { account["a1"].UserId } } },
        });
        var order = await ApprovalsWorld.PlaceAsync(account);
        var orderId = order.GetProperty("id").GetGuid();
        var id = (await ApprovalsWorld.ApprovalOfAsync(account, orderId)).GetProperty("id").GetGuid();
        // Before escalation (8 s, long enough for a loaded machine to place and read the order) the root administrator may not decide.
        await HttpAssert.ProblemAsync(await ApproveAsync(account, "admin", id), HttpStatusCode.Forbidden, "urn:portal:problem:forbidden");

        var escalated = await EventsWorld.EventuallyAsync(async () =>
        {
            var approval = await ApprovalsWorld.ApprovalOfAsync(account, orderId);
            return approval.GetProperty("escalations").GetArrayLength() > 0 ? (object)approval : null;
        }, "the escalation job", seconds: 60);
        var escalation = ((JsonElement)escalated).GetProperty("escalations")[0];
        Assert.Equal("root-administrators", escalation.GetProperty("kind").GetString());
        Assert.Equal(account.Root, escalation.GetProperty("toOrgUnitId").GetGuid());

        var history = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Contains(history.GetProperty("history").EnumerateArray(), h => (h.GetProperty("reason").GetString() ?? string.Empty).Contains("escalated", StringComparison.Ordinal));
        // The administrators were notified, and now one of them decides.
        await EventsWorld.EventuallyAsync(() => Task.FromResult(world.Smtp.Messages.FirstOrDefault(m => m.To.ToString().Contains(account["admin"].Email, StringComparison.Ordinal))), "the escalation mail");
        var decided = await HttpAssert.OkJsonAsync(await ApproveAsync(account, "admin", id));
        Assert.Equal("approved", decided.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Spending_limits_auto_approve_and_a_rejected_order_can_be_copied_into_a_cart()
    {
        var account = await world.CreateAccountAsync();
        var price = await ApprovalsWorld.UnitPriceAsync(account);
        await RuleAsync(account, new { name = "All", levels = new object[] { new { approverRole = "approver" } } });
        await HttpAssert.OkJsonAsync(await account["admin"].Client.PatchAsJsonAsync($"/api/v1/users/{account["requester"].UserId}", new { spendingLimit = price * 2 }));

        var within = await ApprovalsWorld.PlaceAsync(account, 2);
        Assert.Equal("submitted", within.GetProperty("status").GetString());
        var above = await ApprovalsWorld.PlaceAsync(account, 3);
        Assert.Equal("pending-approval", above.GetProperty("status").GetString());
        var id = (await ApprovalsWorld.ApprovalOfAsync(account, above.GetProperty("id").GetGuid())).GetProperty("id").GetGuid();

        await HttpAssert.ProblemAsync(await account["a1"].Client.PostAsJsonAsync($"/api/v1/approvals/{id}/reject", new { }), HttpStatusCode.BadRequest, "urn:portal:problem:validation");
        var rejected = await HttpAssert.OkJsonAsync(await account["a1"].Client.PostAsJsonAsync($"/api/v1/approvals/{id}/reject", new { reason = "Too many" }));
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("Too many", rejected.GetProperty("rejectionReason").GetString());
        var order = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/orders/{above.GetProperty("id").GetGuid()}"));
        Assert.Equal("rejected", order.GetProperty("status").GetString());

        var reorder = await HttpAssert.OkJsonAsync(await account["requester"].Client.PostAsJsonAsync($"/api/v1/orders/{above.GetProperty("id").GetGuid()}/reorder", new { }), HttpStatusCode.Created);
        var cartId = reorder.GetProperty("cart").GetProperty("id").GetGuid();
        var again = await HttpAssert.OkJsonAsync(await account["requester"].Client.PostAsJsonAsync("/api/v1/orders", new { cartId, deliveryAddressId = account.Address }), HttpStatusCode.Created);
        Assert.Equal("pending-approval", again.GetProperty("status").GetString());
    }
}
