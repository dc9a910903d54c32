using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// The catalog pages with a session from the login (issue 20: "the same login gives the catalog … pages a
/// session"): <c>/shop</c> asks an anonymous browser to sign in; a buyer of account A signed in through A's SAML
/// IdP browses the same catalog pages as a punchout at A's prices, and "Save the cart in Portal" keeps the cart
/// as the user's Portal cart (read back through /api/v1/carts); another account's user does not find it; a
/// read-only user may look but not fill a cart.
/// </summary>
public sealed partial class SsoShopTests(SsoWorld world) : IClassFixture<SsoWorld>
{
    /// <summary>Enters the shop: /shop → the single-use start link → the catalog; returns the catalog page.</summary>
    private static async Task<string> EnterAsync(HttpClient browser)
    {
        using var shop = await browser.GetAsync("/shop");
        Assert.True(shop.StatusCode == HttpStatusCode.Redirect, $"/shop answered {(int)shop.StatusCode}: {await shop.Content.ReadAsStringAsync()}");
        var start = shop.Headers.Location!.ToString();
        Assert.StartsWith("/punchout/session/", start, StringComparison.Ordinal);
        using var started = await browser.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("/punchout/session/catalog", started.Headers.Location!.ToString());
        // The start link works once.
        using (var again = await browser.GetAsync(start))
        {
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        }
        using var catalog = await browser.GetAsync("/punchout/session/catalog");
        var html = await catalog.Content.ReadAsStringAsync();
        Assert.True(catalog.StatusCode == HttpStatusCode.OK, html);
        return html;
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, params (string Name, string Value)[] fields) =>
        browser.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    [Fact]
    public async Task A_buyer_signed_in_by_SSO_shops_at_the_accounts_prices_and_the_cart_is_saved_as_their_Portal_cart()
    {
        await world.BuildAsync();
        var a = world.A;

        // Without a session: 401 and a sign-in form that comes back to /shop.
        using (var anonymous = world.Browser())
        using (var page = await anonymous.GetAsync("/shop"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("action=\"/sso/login\"", html, StringComparison.Ordinal);
            Assert.Contains("value=\"/shop\"", html, StringComparison.Ordinal);
        }

        var email = $"buyer-{Guid.NewGuid():N}@{a.Domain}";
        using var browser = await world.SignInAsync(a, email, "/shop", "buyers");
        var catalog = await EnterAsync(browser);
        var token = FormToken().Match(catalog).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token), catalog);

        using (var added = await PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1002"), ("quantity", "3")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        }
        using (var cartPage = await browser.GetAsync("/punchout/session/cart"))
        {
            var html = await cartPage.Content.ReadAsStringAsync();
            Assert.Contains("Save the cart in Portal", html, StringComparison.Ordinal);
            Assert.DoesNotContain("/punchout/session/cancel", html, StringComparison.Ordinal);
            Assert.DoesNotContain("procurement system", html, StringComparison.Ordinal);
        }

        string savedPath;
        using (var transfer = await PostFormAsync(browser, "/punchout/session/transfer", ("formToken", token)))
        {
            var html = await transfer.Content.ReadAsStringAsync();
            Assert.True(transfer.StatusCode == HttpStatusCode.OK, html);
            savedPath = SavedAction().Match(html).Groups["path"].Value;
            Assert.StartsWith("/shop/carts/", savedPath, StringComparison.Ordinal);
            // Nothing of the cart travels through the browser.
            Assert.DoesNotContain("type=\"hidden\"", html, StringComparison.Ordinal);
        }
        using (var posted = await browser.PostAsync(savedPath, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal(savedPath, posted.Headers.Location!.ToString());
        }
        using (var saved = await browser.GetAsync(savedPath))
        {
            var html = await saved.Content.ReadAsStringAsync();
            Assert.True(saved.StatusCode == HttpStatusCode.OK, html);
            Assert.Contains("FAS-1002", html, StringComparison.Ordinal);
        }

        // The session has ended: the pages say so.
        using (var after = await browser.GetAsync("/punchout/session/cart"))
        {
            Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
        }

        // The cart is the user's Portal cart, with the line as chosen.
        var cartId = Guid.Parse(savedPath["/shop/carts/".Length..]);
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{cartId}");
        read.Headers.Add("Portal-Customer", a.Id.ToString());
        var cart = await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(read));
        var line = Assert.Single(cart.GetProperty("lines").EnumerateArray());
        Assert.Equal("FAS-1002", line.GetProperty("sku").GetString());
        Assert.Equal(3m, line.GetProperty("quantity").GetDecimal());
        using var users = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users?limit=200");
        users.Headers.Add("Portal-Customer", a.Id.ToString());
        var userId = (await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(users))).GetProperty("items").EnumerateArray()
            .Single(u => string.Equals(u.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase)).GetProperty("id").GetGuid();
        Assert.Equal(userId, cart.GetProperty("userId").GetGuid());

        // A user of account B, signed in through B's IdP, does not find it; nor does another user of A.
        using (var other = await world.SignInAsync(world.B, $"buyer-{Guid.NewGuid():N}@{world.B.Domain}", "/shop", "buyers"))
        using (var page = await other.GetAsync(savedPath))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.DoesNotContain("FAS-1002", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var colleague = await world.SignInAsync(a, $"buyer-{Guid.NewGuid():N}@{a.Domain}", "/shop", "buyers"))
        using (var page = await colleague.GetAsync(savedPath))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }
    }

    [Fact]
    public async Task A_read_only_user_may_look_at_the_catalog_but_not_fill_a_cart()
    {
        await world.BuildAsync();
        using var browser = await world.SignInAsync(world.A, $"viewer-{Guid.NewGuid():N}@{world.A.Domain}", "/shop", "everyone");
        var catalog = await EnterAsync(browser);
        var token = FormToken().Match(catalog).Groups["token"].Value;
        using var added = await PostFormAsync(browser, "/punchout/session/cart/lines", ("formToken", token), ("sku", "FAS-1002"), ("quantity", "1"));
        Assert.Equal(HttpStatusCode.Forbidden, added.StatusCode);
    }

    [GeneratedRegex("name=\"formToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<form id=\"poom\" method=\"post\" action=\"(?<path>[^\"]+)\"")]
    private static partial Regex SavedAction();
}
