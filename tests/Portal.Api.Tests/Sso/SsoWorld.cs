using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// PostgreSQL and Redis; two customer accounts A and B, each with its own SAML IdP (keys of their own, signing
/// with xmlsec1), e-mail domain and group mappings, and a native app of account A. A browser-less client
/// plays the browser: authorize, IdP, ACS, authorize again, code, token.
/// </summary>
public sealed class SsoWorld : PortalApiFactory
{
    public const string RedirectUri = "http://127.0.0.1:7/callback";

    public sealed record Account(Guid Id, Guid Root, Guid Department, string Domain, SamlIdp Idp, string AcsUrl, string EntityId);

    public SsoWorld()
    {
        With("Portal:Outbound:AllowPrivateNetworks", "true"); // the test's OpenID provider listens on loopback
        // Every test request comes from the same address: the sign-in budget per IP (SsoRateLimitTests) would
        // otherwise be shared by the suite's many logins.
        With("Portal:RateLimit:LoginPermitPerMinute", "5000");
        // The SP signs its AuthnRequests with a key of its own (Portal:Sso:SigningCertificatePath).
        var directory = Directory.CreateTempSubdirectory("portal-sp-key-").FullName;
        using var rsa = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Portal SP test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        SpCertificatePath = Path.Combine(directory, "sp.pem");
        File.WriteAllText(SpCertificatePath, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem() + "\n");
        SpPublicKeyPath = Path.Combine(directory, "sp-public.pem");
        File.WriteAllText(SpPublicKeyPath, rsa.ExportSubjectPublicKeyInfoPem() + "\n");
        With("Portal:Sso:SigningCertificatePath", SpCertificatePath);
    }

    /// <summary>The SP's signing certificate with its key (PEM), and its public key alone (for openssl).</summary>
    public string SpCertificatePath { get; }

    public string SpPublicKeyPath { get; }

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Account C signs in with OpenID Connect at <see cref="Oidc"/>.</summary>
    public (Guid Id, Guid Root, Guid Department, string Domain, string AppClientId) C { get; private set; }

    public MiniOidcProvider Oidc { get; private set; } = null!;

    public Account A { get; private set; } = null!;

    public Account B { get; private set; } = null!;

    /// <summary>The native (public) app of account A.</summary>
    public string AppClientId { get; private set; } = null!;

    public Task BuildAsync() => BuildOnceAsync(async () =>
    {
        Admin = await CreateClientWithTokenAsync();
        A = await CreateAccountAsync("a");
        B = await CreateAccountAsync("b");
        var app = await PostAsync(Admin, "/api/v1/api-clients", A.Id, new { name = "Acme mobile", type = "native", redirectUris = new[] { RedirectUri } });
        AppClientId = app.GetProperty("clientId").GetString()!;
        Assert.Equal(JsonValueKind.Null, app.GetProperty("clientSecret").ValueKind);
        await CreateOidcAccountAsync();
    });

    private async Task CreateOidcAccountAsync()
    {
        var customer = await PostAsync(Admin, "/api/v1/customers", null, new { name = $"SSO oidc {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR" });
        var id = customer.GetProperty("id").GetGuid();
        var root = customer.GetProperty("rootOrgUnitId").GetGuid();
        var department = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Purchasing" })).GetProperty("id").GetGuid();
        var domain = $"c{Guid.NewGuid():N}"[..12] + ".example";
        Oidc = new MiniOidcProvider("portal-at-" + domain, "idp-secret-" + Guid.NewGuid().ToString("N"));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{id}/sso")
        {
            Content = JsonContent.Create(new
            {
                oidc = new { authority = Oidc.Issuer, clientId = Oidc.ClientId, clientSecret = Oidc.ClientSecret, claims = new { email = "email", name = "name", groups = "groups" } },
                emailDomains = new[] { domain },
                roleMappings = new object[] { new { group = "buyers", role = "requester", orgUnitId = department } },
            }),
        };
        var sso = await HttpAssert.OkJsonAsync(await Admin.SendAsync(request));
        Assert.True(sso.GetProperty("oidc").GetProperty("hasClientSecret").GetBoolean());
        var app = await PostAsync(Admin, "/api/v1/api-clients", id, new { name = "C web", type = "web", redirectUris = new[] { RedirectUri } });
        Assert.False(string.IsNullOrEmpty(app.GetProperty("clientSecret").GetString()));
        C = (id, root, department, domain, app.GetProperty("clientId").GetString()!);
        CAppSecret = app.GetProperty("clientSecret").GetString()!;
    }

    public string CAppSecret { get; private set; } = null!;

    private async Task<Account> CreateAccountAsync(string name)
    {
        var customer = await PostAsync(Admin, "/api/v1/customers", null, new { name = $"SSO {name} {Guid.NewGuid():N}", customerGroup = "industry", currency = "EUR" });
        var id = customer.GetProperty("id").GetGuid();
        var root = customer.GetProperty("rootOrgUnitId").GetGuid();
        var department = (await PostAsync(Admin, "/api/v1/org-units", id, new { parentId = root, name = "Purchasing" })).GetProperty("id").GetGuid();
        var domain = $"{name}{Guid.NewGuid():N}"[..12] + ".example";
        var idp = new SamlIdp($"https://idp.{domain}/saml");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{id}/sso")
        {
            Content = JsonContent.Create(new
            {
                saml = new
                {
                    idpEntityId = idp.EntityId,
                    ssoUrl = $"https://idp.{domain}/sso",
                    signingCertificates = new[] { idp.CertificatePem },
                    attributes = new { email = "email", name = "name", groups = "groups" },
                },
                emailDomains = new[] { domain },
                roleMappings = new object[]
                {
                    new { group = "buyers", role = "requester", orgUnitId = department },
                    new { group = "admins", role = "administrator", orgUnitId = root },
                    new { group = "everyone", role = "read-only", orgUnitId = root },
                },
            }),
        };
        var sso = await HttpAssert.OkJsonAsync(await Admin.SendAsync(request));
        var sp = sso.GetProperty("serviceProvider");
        return new Account(id, root, department, domain, idp, sp.GetProperty("samlAcsUrl").GetString()!, sp.GetProperty("samlEntityId").GetString()!);
    }

    /// <summary>A client that keeps cookies and does not follow redirects (the test follows them).</summary>
    /// <summary>Signs <paramref name="email"/> in through <paramref name="account"/>'s IdP by /sso/login (response signed by xmlsec1); the browser then holds the SSO session.</summary>
    public async Task<HttpClient> SignInAsync(Account account, string email, string returnUrl, params string[] groups)
    {
        var browser = Browser();
        using var login = await browser.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/sso/login", new Dictionary<string, string?> { ["login_hint"] = email, ["returnUrl"] = returnUrl }));
        Assert.True(login.StatusCode == System.Net.HttpStatusCode.Redirect, $"/sso/login answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
        var authnRequest = new System.Xml.XmlDocument();
        authnRequest.LoadXml(Inflate(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(login.Headers.Location!.Query)["SAMLRequest"].ToString()));
        using var acs = await PostAcsAsync(browser, account, account.Idp.Encode(Spec(account, authnRequest.DocumentElement!.GetAttribute("ID"), email, groups)));
        Assert.True(acs.StatusCode == System.Net.HttpStatusCode.Redirect, $"ACS answered {(int)acs.StatusCode}: {await acs.Content.ReadAsStringAsync()}");
        Assert.Equal(returnUrl, acs.Headers.Location!.ToString());
        return browser;
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public sealed record Started(HttpClient Browser, string RequestId, string Verifier, string State);

    /// <summary>Starts the authorization-code flow for A's app; answers the AuthnRequest ID the IdP would see.</summary>
    public async Task<Started> StartAsync(string loginHint, string? clientId = null, HttpClient? browser = null)
    {
        await BuildAsync();
        browser ??= Browser();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Guid.NewGuid().ToString("N");
        var url = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId ?? AppClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = "api offline_access",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["login_hint"] = loginHint,
        });
        using var response = await browser.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"authorize answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var idpUrl = response.Headers.Location!;
        Assert.StartsWith($"https://idp.{A.Domain}/sso?", idpUrl.ToString());
        var query = QueryHelpers.ParseQuery(idpUrl.Query);
        var authnRequest = Inflate(query["SAMLRequest"].ToString());
        var doc = new XmlDocument();
        doc.LoadXml(authnRequest);
        var id = doc.DocumentElement!.GetAttribute("ID");
        Assert.Equal(A.AcsUrl, doc.DocumentElement.GetAttribute("AssertionConsumerServiceURL"));
        Assert.Equal(id, query["RelayState"].ToString());
        return new Started(browser, id, verifier, state);
    }

    /// <summary>A response for account <paramref name="account"/> answering <paramref name="requestId"/>, all fields right.</summary>
    public static SamlResponseSpec Spec(Account account, string? requestId, string email, params string[] groups) => new()
    {
        Destination = account.AcsUrl,
        Recipient = account.AcsUrl,
        Audience = account.EntityId,
        Issuer = account.Idp.EntityId,
        InResponseTo = requestId,
        NameId = email,
        Email = email,
        Groups = groups,
    };

    public static Task<HttpResponseMessage> PostAcsAsync(HttpClient browser, Account account, string encodedResponse) =>
        browser.PostAsync(new Uri(account.AcsUrl).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["SAMLResponse"] = encodedResponse, ["RelayState"] = "x" }));

    /// <summary>After a successful ACS: back to authorize, the code, and the token response.</summary>
    public async Task<JsonElement> FinishAsync(Started started, HttpResponseMessage acs)
    {
        Assert.True(acs.StatusCode == HttpStatusCode.Redirect, $"ACS answered {(int)acs.StatusCode}: {await acs.Content.ReadAsStringAsync()}");
        var back = acs.Headers.Location!.ToString();
        Assert.StartsWith("/connect/authorize?", back);
        using var authorize = await started.Browser.GetAsync(back);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var callback = authorize.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.ToString());
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal(started.State, query["state"].ToString());
        using var token = await started.Browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = AppClientId,
            ["code_verifier"] = started.Verifier,
        }));
        return await HttpAssert.OkJsonAsync(token);
    }

    public HttpClient WithToken(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, Guid? customer, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (customer is { } id)
        {
            request.Headers.Add("Portal-Customer", id.ToString());
        }
        return await HttpAssert.OkJsonAsync(await client.SendAsync(request), expected);
    }

    internal static string Inflate(string base64)
    {
        using var input = new MemoryStream(Convert.FromBase64String(base64));
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(deflate, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public override async ValueTask DisposeAsync()
    {
        A?.Idp.Dispose();
        B?.Idp.Dispose();
        if (Oidc is not null)
        {
            await Oidc.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
