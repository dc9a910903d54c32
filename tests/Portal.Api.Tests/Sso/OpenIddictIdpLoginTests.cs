using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// Issue 20's test provider: an account whose people sign in at an OpenIddict server started in the test
/// (<see cref="OpenIddictIdp"/>). A browser-less client runs Portal's authorization-code flow with PKCE for the
/// account's web app; the login goes to the IdP (code flow with PKCE, state and nonce, client secret) and back,
/// and the access token Portal issues is the just-in-time user with the mapped roles (<c>/api/v1/me</c>).
/// </summary>
public sealed class OpenIddictIdpLoginTests(SsoWorld world) : IClassFixture<SsoWorld>
{
    [Fact]
    public async Task The_code_flow_through_an_OpenIddict_provider_gives_a_token_of_the_mapped_user()
    {
        await world.BuildAsync();
        var admin = world.Admin;
        var customer = await SsoWorld.PostAsync(admin, "/api/v1/customers", null, new { name = $"SSO openiddict {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR" });
        var id = customer.GetProperty("id").GetGuid();
        var root = customer.GetProperty("rootOrgUnitId").GetGuid();
        var department = (await SsoWorld.PostAsync(admin, "/api/v1/org-units", id, new { parentId = root, name = "Purchasing" })).GetProperty("id").GetGuid();
        var domain = $"d{Guid.NewGuid():N}"[..12] + ".example";
        await using var idp = new OpenIddictIdp("portal-at-" + domain, "idp-secret-" + Guid.NewGuid().ToString("N"), $"http://localhost/sso/oidc/{id}/callback");
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{id}/sso")
        {
            Content = JsonContent.Create(new
            {
                oidc = new { authority = idp.Issuer, clientId = idp.ClientId, clientSecret = idp.ClientSecret, claims = new { email = "email", name = "name", groups = "groups" } },
                emailDomains = new[] { domain },
                roleMappings = new object[]
                {
                    new { group = "buyers", role = "requester", orgUnitId = department },
                    new { group = "approvers", role = "approver", orgUnitId = root },
                },
            }),
        })
        {
            await HttpAssert.OkJsonAsync(await admin.SendAsync(put));
        }
        var app = await SsoWorld.PostAsync(admin, "/api/v1/api-clients", id, new { name = "D web", type = "web", redirectUris = new[] { SsoWorld.RedirectUri } });
        var appClientId = app.GetProperty("clientId").GetString()!;

        var email = $"person-{Guid.NewGuid():N}@{domain}";
        idp.NextUser = (email, ["buyers", "approvers", "unmapped"]);
        using var browser = world.Browser();
        var verifier = SsoWorld.Base64Url(RandomNumberGenerator.GetBytes(32));
        var state = Guid.NewGuid().ToString("N");
        using var authorize = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = appClientId,
            ["redirect_uri"] = SsoWorld.RedirectUri,
            ["scope"] = "api",
            ["code_challenge"] = SsoWorld.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["login_hint"] = email,
        }));
        Assert.True(authorize.StatusCode == HttpStatusCode.Redirect, await authorize.Content.ReadAsStringAsync());
        var atIdpUrl = authorize.Headers.Location!;
        Assert.StartsWith(idp.Issuer + "authorize?", atIdpUrl.ToString(), StringComparison.Ordinal);

        // The IdP (OpenIddict) checks the client, redirect URI and PKCE challenge and answers with a code.
        using var idpBrowser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var atIdp = await idpBrowser.GetAsync(atIdpUrl);
        Assert.True(atIdp.StatusCode == HttpStatusCode.Redirect, $"IdP answered {(int)atIdp.StatusCode}: {await atIdp.Content.ReadAsStringAsync()}");
        var callback = atIdp.Headers.Location!;
        Assert.StartsWith($"http://localhost/sso/oidc/{id}/callback?", callback.ToString(), StringComparison.Ordinal);

        using var back = await browser.GetAsync(callback.PathAndQuery);
        Assert.True(back.StatusCode == HttpStatusCode.Redirect, $"callback answered {(int)back.StatusCode}: {await back.Content.ReadAsStringAsync()}");
        using var authorized = await browser.GetAsync(back.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        var query = QueryHelpers.ParseQuery(authorized.Headers.Location!.Query);
        Assert.Equal(state, query["state"].ToString());
        using var token = await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = SsoWorld.RedirectUri,
            ["client_id"] = appClientId,
            ["client_secret"] = app.GetProperty("clientSecret").GetString()!,
            ["code_verifier"] = verifier,
        }));
        var tokens = await HttpAssert.OkJsonAsync(token);

        using var api = world.WithToken(tokens.GetProperty("access_token").GetString()!);
        var me = await HttpAssert.OkJsonAsync(await api.GetAsync("/api/v1/me"));
        Assert.Equal(email, me.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(id, me.GetProperty("customer").GetProperty("id").GetGuid());
        var grants = me.GetProperty("effectiveRoles").EnumerateArray().SelectMany(e => e.GetProperty("roles").EnumerateArray())
            .Select(r => (r.GetProperty("role").GetString(), r.GetProperty("orgUnitId").GetGuid())).Distinct().OrderBy(g => g.Item1).ToList();
        Assert.Equal([("approver", root), ("requester", department)], grants);
    }

    [Fact]
    public async Task A_login_whose_identity_provider_does_not_answer_is_a_502_problem_not_an_error()
    {
        await world.BuildAsync();
        var admin = world.Admin;
        var customer = await SsoWorld.PostAsync(admin, "/api/v1/customers", null, new { name = $"SSO gone {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR" });
        var id = customer.GetProperty("id").GetGuid();
        var domain = $"g{Guid.NewGuid():N}"[..12] + ".example";
        var idp = new OpenIddictIdp("portal-at-" + domain, "idp-secret-" + Guid.NewGuid().ToString("N"), $"http://localhost/sso/oidc/{id}/callback");
        await using (idp)
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{id}/sso")
            {
                Content = JsonContent.Create(new
                {
                    oidc = new { authority = idp.Issuer, clientId = idp.ClientId, clientSecret = idp.ClientSecret, claims = new { email = "email", name = "name", groups = "groups" } },
                    emailDomains = new[] { domain },
                }),
            };
            await HttpAssert.OkJsonAsync(await admin.SendAsync(put));
        }

        // The provider is gone (its port closed): the login cannot start, and says so.
        using var browser = world.Browser();
        var login = await browser.GetAsync($"/sso/login?login_hint=someone@{domain}&returnUrl=/");
        var problem = await HttpAssert.ProblemAsync(login, HttpStatusCode.BadGateway, "urn:portal:problem:identity-provider-unavailable");
        Assert.Contains("could not be reached", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
