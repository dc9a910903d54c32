using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Portal.Api.Tests.Events;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Approvals;

/// <summary>The e-mailed decision link: GET shows, only a POST with the page's form token decides, and only once.</summary>
public sealed partial class ApprovalLinkTests(ApprovalsWorld world) : IClassFixture<ApprovalsWorld>
{
    [Fact]
    public async Task The_mailed_link_decides_only_through_post_with_the_form_token_and_only_once()
    {
        var (account, orderId, link) = await MailedLinkAsync();

        using var browser = world.CreateClient();
        // A mail scanner following the link (twice) decides nothing.
        for (var i = 0; i < 2; i++)
        {
            using var shown = await browser.GetAsync(link.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.Contains("Approve", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal("pending", (await ApprovalsWorld.ApprovalOfAsync(account, orderId)).GetProperty("status").GetString());

        // A POST without the page's form token (another site, a scanner) is refused.
        using (var stranger = world.CreateClient())
        using (var forged = await stranger.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        Assert.Equal("pending", (await ApprovalsWorld.ApprovalOfAsync(account, orderId)).GetProperty("status").GetString());

        var page = await (await browser.GetAsync(link.PathAndQuery)).Content.ReadAsStringAsync();
        var field = HiddenField().Match(page);
        Assert.True(field.Success, page);
        var form = new Dictionary<string, string> { [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value), ["decision"] = "approve" };
        using (var decided = await browser.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(form)))
        {
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
            Assert.Contains("You approved", await decided.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var approval = await ApprovalsWorld.ApprovalOfAsync(account, orderId);
        Assert.Equal("approved", approval.GetProperty("status").GetString());
        Assert.Equal("link", approval.GetProperty("levels")[0].GetProperty("via").GetString());
        Assert.Equal(account["a1"].UserId, approval.GetProperty("levels")[0].GetProperty("decidedBy").GetGuid());

        // Used: the same POST again changes nothing, and the link says why.
        using (var again = await browser.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(form)))
        {
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        }
        using (var reopened = await browser.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.Gone, reopened.StatusCode);
            Assert.Contains("has been used", await reopened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // A tampered token is not a link of ours.
        using var tampered = await browser.GetAsync(link.PathAndQuery[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
    }

    [Fact]
    public async Task A_link_of_an_approval_that_started_over_decides_nothing()
    {
        var (account, orderId, link) = await MailedLinkAsync();
        using var browser = world.CreateClient();
        using (var shown = await browser.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        }

        // A change order starts the approval over (OrderPlacementGate: same approval, pending, a new start): the
        // approver gets a new mail for the changed order, and this one's link must not decide it.
        using (var scope = world.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<Portal.Api.Infrastructure.Tenancy.TenantScope>().AcrossAccounts();
            var db = scope.ServiceProvider.GetRequiredService<Portal.Api.Infrastructure.Data.PortalDbContext>();
            var approval = await db.Set<Portal.Api.Features.Approvals.Approval>().SingleAsync(a => a.OrderId == orderId);
            approval.CreatedAt = approval.CreatedAt.AddSeconds(1);
            await db.SaveChangesAsync();
        }
        using var stale = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, stale.StatusCode);
        Assert.Contains("changed since this mail was sent", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("pending", (await ApprovalsWorld.ApprovalOfAsync(account, orderId)).GetProperty("status").GetString());
    }

    /// <summary>A new account whose orders a1 approves by name, one order placed, and the decision link of a1's approval mail.</summary>
    private async Task<(ApprovalsWorld.Account Account, Guid OrderId, Uri Link)> MailedLinkAsync()
    {
        var account = await world.CreateAccountAsync();
        await ApprovalsWorld.PostAsync(account["admin"].Client, "/api/v1/approval-rules", null, new
        {
            name = "Named", levels = new object[] { new { approverRole = "approver", orgUnitId = account.Empty, userIds = new[] { account["a1"].UserId } } },
        });
        var order = await ApprovalsWorld.PlaceAsync(account);
        var mail = await EventsWorld.EventuallyAsync(
            () => Task.FromResult(world.Smtp.Messages.FirstOrDefault(m => m.To.ToString().Contains(account["a1"].Email, StringComparison.Ordinal))), "the approval mail");
        Assert.Contains(order.GetProperty("number").GetString()!, mail.Subject, StringComparison.Ordinal);
        return (account, order.GetProperty("id").GetGuid(), new Uri(LinkPattern().Match(mail.TextBody ?? string.Empty).Value));
    }

    [GeneratedRegex(@"https?://\S+/approvals/decide/[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenField();
}
