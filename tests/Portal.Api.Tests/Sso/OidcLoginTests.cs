using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// Account C signs in with OpenID Connect at an OpenID provider running in the test on its own port:
/// code flow with PKCE, state and nonce; ID tokens with alg none, HS256, another issuer, audience or nonce,
/// or an unpublished key are refused; a key rollover at the provider is followed (keys fetched again on an unknown kid).
/// </summary>
public sealed class OidcLoginTests(SsoWorld world) : IClassFixture<SsoWorld>
{
    /// <summary>Runs the flow for C's web app up to the OIDC callback; answers the callback's response.</summary>
    private async Task<(HttpResponseMessage Callback, HttpClient Browser, string Verifier, string State)> ToCallbackAsync(string email, params string[] groups)
    {
        await world.BuildAsync();
        world.Oidc.NextUser = (email, groups);
        var browser = world.Browser();
        var verifier = SsoWorld.Base64Url(RandomNumberGenerator.GetBytes(32));
        var state = Guid.NewGuid().ToString("N");
        var url = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = world.C.AppClientId,
            ["redirect_uri"] = SsoWorld.RedirectUri,
            ["scope"] = "api",
            ["code_challenge"] = SsoWorld.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["login_hint"] = email,
        });
        using var authorize = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var idpUrl = authorize.Headers.Location!;
        Assert.StartsWith(world.Oidc.Issuer + "/authorize?", idpUrl.ToString());
        var query = QueryHelpers.ParseQuery(idpUrl.Query);
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(query["nonce"].ToString()));

        using var idp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var atIdp = await idp.GetAsync(idpUrl);
        Assert.Equal(HttpStatusCode.Redirect, atIdp.StatusCode);
        var callback = atIdp.Headers.Location!;
        Assert.StartsWith($"http://localhost/sso/oidc/{world.C.Id}/callback?", callback.ToString());
        return (await browser.GetAsync(callback.PathAndQuery), browser, verifier, state);
    }

    private async Task<JsonElement> LoginAsync(string email, params string[] groups)
    {
        var (callback, browser, verifier, _) = await ToCallbackAsync(email, groups);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"callback answered {(int)callback.StatusCode}: {await callback.Content.ReadAsStringAsync()}");
        using var authorize = await browser.GetAsync(callback.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var code = QueryHelpers.ParseQuery(authorize.Headers.Location!.Query)["code"].ToString();
        using var token = await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = SsoWorld.RedirectUri,
            ["client_id"] = world.C.AppClientId,
            ["client_secret"] = world.CAppSecret,
            ["code_verifier"] = verifier,
        }));
        return await HttpAssert.OkJsonAsync(token);
    }

    [Fact]
    public async Task The_code_flow_through_Cs_OpenID_provider_gives_a_token_of_the_mapped_user()
    {
        await world.BuildAsync();
        world.Oidc.Mode = "good";
        var email = $"oidc-{Guid.NewGuid():N}@{world.C.Domain}";
        var token = await LoginAsync(email, "buyers");
        using var api = world.WithToken(token.GetProperty("access_token").GetString()!);
        var me = await HttpAssert.OkJsonAsync(await api.GetAsync("/api/v1/me"));
        Assert.Equal(email, me.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(world.C.Id, me.GetProperty("customer").GetProperty("id").GetGuid());
        var grants = me.GetProperty("effectiveRoles").EnumerateArray().SelectMany(e => e.GetProperty("roles").EnumerateArray())
            .Select(r => (r.GetProperty("role").GetString(), r.GetProperty("orgUnitId").GetGuid())).Distinct().ToList();
        Assert.Equal([("requester", world.C.Department)], grants);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("hs256")]
    [InlineData("other-issuer")]
    [InlineData("other-audience")]
    [InlineData("other-nonce")]
    [InlineData("unknown-key")]
    public async Task A_bad_ID_token_is_refused(string mode)
    {
        await world.BuildAsync();
        world.Oidc.Mode = mode;
        try
        {
            var (callback, _, _, _) = await ToCallbackAsync($"bad-{Guid.NewGuid():N}@{world.C.Domain}", "buyers");
            var problem = await HttpAssert.ProblemAsync(callback, HttpStatusCode.Unauthorized, "urn:portal:problem:sso-refused");
            Assert.Contains("ID token", problem.GetProperty("detail").GetString());
        }
        finally
        {
            world.Oidc.Mode = "good";
        }
    }

    [Fact]
    public async Task A_key_rollover_at_the_provider_is_followed_by_fetching_the_keys_again()
    {
        await world.BuildAsync();
        world.Oidc.Mode = "good";
        await LoginAsync($"before-{Guid.NewGuid():N}@{world.C.Domain}");
        var fetches = world.Oidc.JwksFetches;
        world.Oidc.Rotate();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await LoginAsync($"after-{Guid.NewGuid():N}@{world.C.Domain}");
        Assert.Equal(fetches + 1, world.Oidc.JwksFetches);
    }

    [Fact]
    public async Task A_replayed_callback_is_refused()
    {
        await world.BuildAsync();
        world.Oidc.Mode = "good";
        var (callback, browser, _, _) = await ToCallbackAsync($"replay-{Guid.NewGuid():N}@{world.C.Domain}");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        using var again = await browser.GetAsync(callback.RequestMessage!.RequestUri!.PathAndQuery);
        await HttpAssert.ProblemAsync(again, HttpStatusCode.Unauthorized, "urn:portal:problem:sso-refused");
    }
}
