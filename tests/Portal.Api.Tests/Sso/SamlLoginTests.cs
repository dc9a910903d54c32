using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// The whole flow as an app and a browser run it: authorization code + PKCE for account A's native app,
/// federated to A's SAML IdP (responses signed by xmlsec1), a just-in-time user with the mapped roles,
/// refresh tokens that rotate, and the rules around it (deactivated users, replay, account B's IdP, require-SSO).
/// </summary>
public sealed class SamlLoginTests(SsoWorld world) : IClassFixture<SsoWorld>
{
    private async Task<(JsonElement Token, string Email, string Encoded, SsoWorld.Started Started)> LoginAsync(string? email = null, params string[] groups)
    {
        await world.BuildAsync();
        email ??= $"jit-{Guid.NewGuid():N}@{world.A.Domain}";
        var started = await world.StartAsync(email);
        var encoded = world.A.Idp.Encode(SsoWorld.Spec(world.A, started.RequestId, email, groups));
        using var acs = await SsoWorld.PostAcsAsync(started.Browser, world.A, encoded);
        return (await world.FinishAsync(started, acs), email, encoded, started);
    }

    private async Task<JsonElement> MeAsync(JsonElement token)
    {
        using var api = world.WithToken(token.GetProperty("access_token").GetString()!);
        return await HttpAssert.OkJsonAsync(await api.GetAsync("/api/v1/me"));
    }

    private static List<(string Role, Guid Unit)> Grants(JsonElement me) =>
        [.. me.GetProperty("effectiveRoles").EnumerateArray()
            .SelectMany(e => e.GetProperty("roles").EnumerateArray())
            .Select(r => (r.GetProperty("role").GetString()!, r.GetProperty("orgUnitId").GetGuid()))
            .Distinct()];

    [Fact]
    public async Task The_code_flow_through_As_SAML_IdP_gives_a_token_of_the_just_in_time_user_with_the_mapped_roles()
    {
        var (token, email, _, _) = await LoginAsync(null, "buyers", "everyone", "unmapped-group");
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());

        var me = await MeAsync(token);
        Assert.Equal("customer", me.GetProperty("kind").GetString());
        Assert.Equal(world.AppClientId, me.GetProperty("clientId").GetString());
        Assert.Equal(email, me.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(world.A.Id, me.GetProperty("customer").GetProperty("id").GetGuid());
        Assert.Equal(
            new[] { ("read-only", world.A.Root), ("requester", world.A.Department) }.OrderBy(g => g.Item1),
            Grants(me).OrderBy(g => g.Role));

        // The token acts with those roles: a requester may use carts, but is no administrator.
        using var api = world.WithToken(token.GetProperty("access_token").GetString()!);
        using var users = await api.PostAsJsonAsync("/api/v1/users", new { email = $"x-{Guid.NewGuid():N}@{world.A.Domain}", name = "X", orgUnitId = world.A.Root });
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_used_one_is_refused()
    {
        var (token, _, _, started) = await LoginAsync(null, "everyone");
        var first = token.GetProperty("refresh_token").GetString()!;
        async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
            await started.Browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = world.AppClientId,
            }));
        var refreshed = await HttpAssert.OkJsonAsync(await RefreshAsync(first));
        var second = refreshed.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.OK, (await world.WithToken(refreshed.GetProperty("access_token").GetString()!).GetAsync("/api/v1/me")).StatusCode);

        using var reused = await RefreshAsync(first);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("invalid_grant", await reused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Roles_are_re_synced_at_every_login()
    {
        await world.BuildAsync();
        var email = $"resync-{Guid.NewGuid():N}@{world.A.Domain}";
        var (first, _, _, _) = await LoginAsync(email, "buyers");
        Assert.Equal([("requester", world.A.Department)], Grants(await MeAsync(first)));

        var (second, _, _, _) = await LoginAsync(email, "admins");
        Assert.Equal([("administrator", world.A.Root)], Grants(await MeAsync(second)));
        // The older token is the same user: its roles are read per request, so it changed too.
        Assert.Equal([("administrator", world.A.Root)], Grants(await MeAsync(first)));
    }

    [Fact]
    public async Task A_deactivated_user_is_refused_and_its_tokens_stop_working()
    {
        var (token, _, _, _) = await LoginAsync(null, "everyone");
        var userId = (await MeAsync(token)).GetProperty("user").GetProperty("id").GetGuid();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/users/{userId}") { Content = JsonContent.Create(new { active = false }) };
        patch.Headers.Add("Portal-Customer", world.A.Id.ToString());
        patch.Headers.TryAddWithoutValidation("If-Match", "*");
        await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(patch));

        using var api = world.WithToken(token.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);

        var email = (await world.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{userId}") { Headers = { { "Portal-Customer", world.A.Id.ToString() } } }));
        var address = (await HttpAssert.OkJsonAsync(email)).GetProperty("email").GetString()!;
        var started = await world.StartAsync(address);
        using var acs = await SsoWorld.PostAcsAsync(started.Browser, world.A, world.A.Idp.Encode(SsoWorld.Spec(world.A, started.RequestId, address, "everyone")));
        var problem = await HttpAssert.ProblemAsync(acs, HttpStatusCode.Unauthorized, "urn:portal:problem:sso-refused");
        Assert.Contains("deactivated", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_replayed_response_is_refused()
    {
        var (_, _, encoded, started) = await LoginAsync(null, "everyone");
        // The same browser posts it again, and so does another one.
        using var again = await SsoWorld.PostAcsAsync(started.Browser, world.A, encoded);
        await HttpAssert.ProblemAsync(again, HttpStatusCode.Unauthorized, "urn:portal:problem:sso-refused");
        using var elsewhere = await SsoWorld.PostAcsAsync(world.Browser(), world.A, encoded);
        await HttpAssert.ProblemAsync(elsewhere, HttpStatusCode.Unauthorized, "urn:portal:problem:sso-refused");
    }

    [Fact]
    public async Task A_valid_response_posted_from_another_browser_is_refused_login_csrf()
    {
        await world.BuildAsync();
        var email = $"csrf-{Guid.NewGuid():N}@{world.A.Domain}";
        var started = await world.StartAsync(email);
        var encoded = world.A.Idp.Encode(SsoWorld.Spec(world.A, started.RequestId, email, "everyone"));
        using var victimBrowser = await SsoWorld.PostAcsAsync(world.Browser(), world.A, encoded);
        var problem = await HttpAssert.ProblemAsync(victimBrowser, HttpStatusCode.Unauthorized, "urn:portal:problem:sso-refused");
        Assert.Contains("not started in this browser", problem.GetProperty("detail").GetString());

        // Nothing was consumed: the browser that started the login completes it.
        using var own = await SsoWorld.PostAcsAsync(started.Browser, world.A, encoded);
        var token = await world.FinishAsync(started, own);
        Assert.Equal(email, (await MeAsync(token)).GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_response_signed_on_the_Response_only_or_on_both_is_accepted()
    {
        foreach (var (assertion, response) in new[] { (false, true), (true, true) })
        {
            var email = $"signed-{Guid.NewGuid():N}@{world.A.Domain}";
            var started = await world.StartAsync(email);
            var spec = SsoWorld.Spec(world.A, started.RequestId, email, "everyone") with { SignAssertion = assertion, SignResponse = response };
            using var acs = await SsoWorld.PostAcsAsync(started.Browser, world.A, world.A.Idp.Encode(spec));
            var token = await world.FinishAsync(started, acs);
            Assert.Equal(email, (await MeAsync(token)).GetProperty("user").GetProperty("email").GetString());
        }
    }

    [Fact]
    public async Task A_login_hint_or_tenant_of_another_account_is_refused_for_As_app()
    {
        await world.BuildAsync();
        foreach (var extra in new[] { ("login_hint", $"someone@{world.B.Domain}"), ("acr_values", $"tenant:{world.B.Id}") })
        {
            var url = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
            {
                ["response_type"] = "code",
                ["client_id"] = world.AppClientId,
                ["redirect_uri"] = SsoWorld.RedirectUri,
                ["scope"] = "api",
                ["code_challenge"] = SsoWorld.Base64Url(new byte[32]),
                ["code_challenge_method"] = "S256",
                [extra.Item1] = extra.Item2,
            });
            using var response = await world.Browser().GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(SsoWorld.RedirectUri, response.Headers.Location!.ToString());
            Assert.Contains("error=access_denied", response.Headers.Location!.Query);
        }
    }

    [Fact]
    public async Task Authorize_without_PKCE_is_refused()
    {
        await world.BuildAsync();
        var url = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = world.AppClientId,
            ["redirect_uri"] = SsoWorld.RedirectUri,
            ["scope"] = "api",
        });
        using var response = await world.Browser().GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || response.Headers.Location?.Query.Contains("error=invalid_request") == true,
            $"{(int)response.StatusCode} {response.Headers.Location}");
    }

    [Fact]
    public async Task The_SP_metadata_names_the_entity_id_and_the_ACS()
    {
        await world.BuildAsync();
        var metadata = await world.CreateClient().GetStringAsync($"/sso/saml/{world.A.Id}/metadata");
        Assert.Contains($"entityID=\"{world.A.EntityId}\"", metadata);
        Assert.Contains($"Location=\"{world.A.AcsUrl}\"", metadata);
        Assert.Contains("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", metadata);
    }

    [Fact]
    public async Task A_customer_administrator_sees_only_the_own_accounts_SSO_and_the_settings_are_validated()
    {
        await world.BuildAsync();
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{world.A.Id}/sso");
        var settings = await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(get));
        Assert.Equal("saml", settings.GetProperty("protocol").GetString());
        Assert.Equal(3, settings.GetProperty("roleMappings").GetArrayLength());

        using var bad = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{world.A.Id}/sso")
        {
            Content = JsonContent.Create(new { saml = new { idpEntityId = "x", ssoUrl = "ftp://idp", signingCertificates = new[] { "not a pem" } }, emailDomains = new[] { world.B.Domain } }),
        };
        bad.Headers.TryAddWithoutValidation("If-Match", "*");
        var problem = await HttpAssert.ProblemAsync(await world.Admin.SendAsync(bad), HttpStatusCode.BadRequest, "urn:portal:problem:validation");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("saml.ssoUrl", out _));
        Assert.True(errors.TryGetProperty("saml.signingCertificates[0]", out _));
        Assert.True(errors.TryGetProperty("emailDomains", out _));

        // Account A's administrator (signed in through SSO) reads A's set-up, and B's is a 404.
        var (token, _, _, _) = await LoginAsync(null, "admins");
        using var api = world.WithToken(token.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/customers/{world.A.Id}/sso")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/customers/{world.B.Id}/sso")).StatusCode);
    }

    [Fact]
    public async Task When_the_account_requires_SSO_its_machine_clients_get_no_user_token()
    {
        await world.BuildAsync();
        var user = await SsoWorld.PostAsync(world.Admin, "/api/v1/users", world.B.Id, new { email = $"m-{Guid.NewGuid():N}@{world.B.Domain}", name = "M", orgUnitId = world.B.Root, roles = new[] { new { role = "requester", orgUnitId = world.B.Root } } });
        var client = await SsoWorld.PostAsync(world.Admin, "/api/v1/api-clients", world.B.Id, new { name = "machine", userId = user.GetProperty("id").GetGuid() });
        var (id, secret) = (client.GetProperty("clientId").GetString()!, client.GetProperty("clientSecret").GetString()!);
        Assert.False(string.IsNullOrEmpty(await world.GetTokenAsync(id, secret)));

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{world.B.Id}/sso");
        var current = await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(get));
        var saml = current.GetProperty("saml");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{world.B.Id}/sso")
        {
            Content = JsonContent.Create(new
            {
                saml = new { idpEntityId = saml.GetProperty("idpEntityId").GetString(), ssoUrl = saml.GetProperty("ssoUrl").GetString(), signingCertificates = new[] { world.B.Idp.CertificatePem }, attributes = new { email = "email", name = "name", groups = "groups" } },
                emailDomains = new[] { world.B.Domain },
                requireSso = true,
            }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "*");
        await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(put));

        using var token = await world.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = id,
            ["client_secret"] = secret,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Contains("single sign-on", await token.Content.ReadAsStringAsync());
    }
}
