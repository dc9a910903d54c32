using Portal.Api.Hosting.Demo;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Events;

/// <summary>
/// Without an SMTP host (embedded mode, development) a mail is rendered, kept in mail_messages and marked
/// <c>logged</c> instead of sent: one per order, to its own requester, also when many come in one batch.
/// </summary>
public sealed class LoggedMailTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task Without_an_smtp_host_the_confirmations_of_an_import_by_two_requesters_are_logged_once_each_for_their_own_requester()
    {
        using var buyer = await api.CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[1].ClientId);
        using var admin = await api.CreateDemoClientAsync(DemoDataSeeder.DemoCustomerClients[0].ClientId);
        var reference = "LOGGED-" + Guid.NewGuid().ToString("N")[..8];

        // Two requesters' orders committed together: one fan-out batch renders the mails of both.
        async Task<List<string>> ImportAsync(HttpClient client, string who)
        {
            var csv = $"customer_reference;sku;quantity\n{reference}-{who}-1;FAS-1001;2\n{reference}-{who}-2;TOL-1001;1\n{reference}-{who}-3;FAS-1007;3\n";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/order-imports") { Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv") };
            request.Headers.Add("Idempotency-Key", reference + who);
            var report = await HttpAssert.OkJsonAsync(await client.SendAsync(request));
            return report.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("number").GetString()!).ToList();
        }
        var imports = await Task.WhenAll(ImportAsync(buyer, "B"), ImportAsync(admin, "A"));
        var expected = imports[0].Select(n => (n, DemoDataSeeder.DemoCustomerClients[1].UserEmail))
            .Concat(imports[1].Select(n => (n, DemoDataSeeder.DemoCustomerClients[0].UserEmail))).ToList();
        Assert.Equal(6, expected.Count);

        var mails = await EventsWorld.EventuallyAsync(async () =>
        {
            var rows = await MailsAsync(reference);
            return rows.Count(r => r.Status == "logged") >= expected.Count ? rows : null;
        }, "the logged confirmations");
        await Task.Delay(500); // the dispatcher keeps polling: nothing more may appear

        mails = await MailsAsync(reference);
        Assert.Equal(expected.Count, mails.Count);
        foreach (var (number, email) in expected)
        {
            var mail = Assert.Single(mails, m => m.Subject == $"Order {number} received");
            Assert.Equal(email, mail.To);
            Assert.Equal("logged", mail.Status);
            Assert.Equal(1, mail.AttemptCount);
            Assert.True(mail.Sent);
            Assert.False(mail.Locked);
            Assert.Contains(number, mail.Text, StringComparison.Ordinal);
        }
    }

    private sealed record Mail(string Subject, string To, string Status, int AttemptCount, bool Sent, bool Locked, string Text);

    private Task<List<Mail>> MailsAsync(string reference) => SqlQuery.QueryAsync(api.ConnectionString, """
        SELECT m.subject, m."to", m.status, m.attempt_count, m.sent_at IS NOT NULL, m.locked_until IS NOT NULL, m.text
        FROM mail_messages m JOIN outbox_messages e ON e.id = m.message_id
        WHERE e.body LIKE @r
        """,
        r => new Mail(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetBoolean(4), r.GetBoolean(5), r.GetString(6)),
        ("r", "%" + reference + "%"));
}
