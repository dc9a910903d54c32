using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// The approval page with a session from the login (issue 20: "the same login gives the approval pages a
/// session"): an administrator of account A signs in through A's SAML IdP at <c>/sso/login</c>, lands on
/// <c>/approvals/{id}</c> and decides there; without a session the page asks to sign in; a signed-in user of
/// account B does not find A's approval.
/// </summary>
public sealed partial class SsoApprovalPageTests(SsoWorld world) : IClassFixture<SsoWorld>
{
    private static async Task<(HttpClient Browser, string Page)> SignInAsync(SsoWorld world, SsoWorld.Account account, string email, string returnUrl, params string[] groups)
    {
        var browser = await world.SignInAsync(account, email, returnUrl, groups);
        using var page = await browser.GetAsync(returnUrl);
        return (browser, await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_administrator_signed_in_by_SSO_decides_on_the_approval_page_and_another_accounts_user_finds_nothing()
    {
        await world.BuildAsync();
        var a = world.A;
        // Every order of A needs an administrator at A's top unit.
        await SsoWorld.PostAsync(world.Admin, "/api/v1/approval-rules", a.Id, new { name = "Admins decide", levels = new object[] { new { approverRole = "administrator", orgUnitId = a.Root } } });
        var address = (await SsoWorld.PostAsync(world.Admin, "/api/v1/addresses", a.Id, new { kind = "delivery", name = "Goods receipt", street = "Main street 1", postalCode = "12345", city = "Town", country = "DE" })).GetProperty("id").GetGuid();
        var requester = (await SsoWorld.PostAsync(world.Admin, "/api/v1/users", a.Id, new { email = $"req-{Guid.NewGuid():N}@{a.Domain}", name = "Requester", roles = new[] { new { role = "requester", orgUnitId = a.Department } } })).GetProperty("id").GetGuid();
        var credentials = await SsoWorld.PostAsync(world.Admin, "/api/v1/api-clients", a.Id, new { name = "requester", userId = requester });
        using var requesterApi = await world.CreateClientWithTokenAsync(credentials.GetProperty("clientId").GetString()!, credentials.GetProperty("clientSecret").GetString()!);
        var order = await HttpAssert.OkJsonAsync(await requesterApi.PostAsJsonAsync("/api/v1/orders", new { deliveryAddressId = address, lines = new[] { new { sku = "FAS-1002", quantity = 1 } } }), HttpStatusCode.Created);
        Assert.Equal("pending-approval", order.GetProperty("status").GetString());
        var orderId = order.GetProperty("id").GetGuid();
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/approvals?status=all&limit=200");
        list.Headers.Add("Portal-Customer", a.Id.ToString());
        var approvalId = (await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(list))).GetProperty("items").EnumerateArray()
            .Single(x => x.GetProperty("order").GetProperty("id").GetGuid() == orderId).GetProperty("id").GetGuid();
        var path = $"/approvals/{approvalId}";

        // Without a session: 401 and a sign-in form that returns here.
        using (var anonymous = world.Browser())
        using (var page = await anonymous.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("action=\"/sso/login\"", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{path}\"", html, StringComparison.Ordinal);
        }

        // A user of account B, signed in through B's IdP, does not find A's approval.
        var (bBrowser, bPage) = await SignInAsync(world, world.B, $"boss-{Guid.NewGuid():N}@{world.B.Domain}", path, "admins");
        using (bBrowser)
        {
            Assert.Contains("data-state=\"invalid\"", bPage, StringComparison.Ordinal);
            Assert.DoesNotContain(order.GetProperty("number").GetString()!, bPage, StringComparison.Ordinal);
        }

        // A read-only user of A signed in: no form.
        var (viewer, viewerPage) = await SignInAsync(world, a, $"viewer-{Guid.NewGuid():N}@{a.Domain}", path, "everyone");
        using (viewer)
        {
            Assert.Contains("data-state=\"forbidden\"", viewerPage, StringComparison.Ordinal);
        }

        // An administrator of A signs in (just in time, mapped from "admins") and approves on the page.
        var (browser, html2) = await SignInAsync(world, a, $"boss-{Guid.NewGuid():N}@{a.Domain}", path, "admins");
        using (browser)
        {
            Assert.True(html2.Contains(order.GetProperty("number").GetString()!, StringComparison.Ordinal), html2);
            var token = HiddenInput().Matches(html2).Select(m => (m.Groups["name"].Value, m.Groups["value"].Value)).Single(i => i.Item1 is not ("level" or "round"));
            var round = HiddenInput().Matches(html2).Select(m => (m.Groups["name"].Value, m.Groups["value"].Value)).Single(i => i.Item1 == "round").Item2;
            var level = HiddenInput().Matches(html2).Select(m => (m.Groups["name"].Value, m.Groups["value"].Value)).Single(i => i.Item1 == "level").Item2;
            Assert.Equal("1", level);

            // A form without the page's antiforgery token decides nothing.
            using var forged = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve", ["level"] = level }));
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

            // A page shown before the approval started over (a change order restarts it) decides nothing.
            using (var stale = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [token.Item1] = WebUtility.HtmlDecode(token.Item2), ["decision"] = "approve", ["level"] = level, ["round"] = (long.Parse(round, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            })))
            {
                Assert.Equal(HttpStatusCode.Gone, stale.StatusCode);
                Assert.Contains("changed since this page was opened", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var decided = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { [token.Item1] = WebUtility.HtmlDecode(token.Item2), ["decision"] = "approve", ["level"] = level, ["round"] = round }));
            var result = await decided.Content.ReadAsStringAsync();
            Assert.True(decided.StatusCode == HttpStatusCode.OK, result);
            Assert.Contains("data-state=\"approved\"", result, StringComparison.Ordinal);
        }
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/approvals/{approvalId}");
        read.Headers.Add("Portal-Customer", a.Id.ToString());
        var approval = await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(read));
        Assert.Equal("approved", approval.GetProperty("status").GetString());
        Assert.Equal("sso", approval.GetProperty("levels")[0].GetProperty("via").GetString());
    }

    [Fact]
    public async Task AuthnRequests_are_signed_with_the_SPs_key_and_openssl_verifies_the_signature()
    {
        await world.BuildAsync();
        using var browser = world.Browser();
        using var login = await browser.GetAsync($"/sso/login?login_hint=someone@{world.A.Domain}&returnUrl=/");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var query = login.Headers.Location!.Query.TrimStart('?');
        // SAML bindings 3.4.4.1: the signature covers SAMLRequest=…&RelayState=…&SigAlg=… exactly as sent.
        var at = query.IndexOf("&Signature=", StringComparison.Ordinal);
        Assert.True(at > 0, query);
        var signed = query[..at];
        Assert.StartsWith("SAMLRequest=", signed, StringComparison.Ordinal);
        Assert.Contains("&RelayState=", signed, StringComparison.Ordinal);
        Assert.EndsWith("&SigAlg=" + Uri.EscapeDataString("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"), signed, StringComparison.Ordinal);
        var signature = Convert.FromBase64String(Uri.UnescapeDataString(query[(at + "&Signature=".Length)..]));

        var directory = Directory.CreateTempSubdirectory("portal-sig-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "signed.txt"), signed);
        await File.WriteAllBytesAsync(Path.Combine(directory, "signature.bin"), signature);
        var (code, output) = await OpensslVerifyAsync(world.SpPublicKeyPath, directory);
        Assert.True(code == 0 && output.Contains("Verified OK", StringComparison.Ordinal), output);

        // A changed RelayState no longer verifies.
        await File.WriteAllTextAsync(Path.Combine(directory, "signed.txt"), signed.Replace("&RelayState=", "&RelayState=x", StringComparison.Ordinal));
        Assert.NotEqual(0, (await OpensslVerifyAsync(world.SpPublicKeyPath, directory)).Code);

        // The metadata announces signed requests and the signing certificate.
        using var metadata = await browser.GetAsync($"/sso/saml/{world.A.Id}/metadata");
        var xml = await metadata.Content.ReadAsStringAsync();
        Assert.Contains("AuthnRequestsSigned=\"true\"", xml, StringComparison.Ordinal);
        var spCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(world.SpCertificatePath));
        Assert.Contains(Convert.ToBase64String(spCertificate.RawData), xml, StringComparison.Ordinal);
    }

    /// <summary>openssl dgst -sha256 -verify: an implementation independent of .NET's.</summary>
    private static async Task<(int Code, string Output)> OpensslVerifyAsync(string publicKey, string directory)
    {
        var start = new System.Diagnostics.ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "dgst", "-sha256", "-verify", publicKey, "-signature", Path.Combine(directory, "signature.bin"), Path.Combine(directory, "signed.txt") })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
