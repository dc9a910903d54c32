using System.Net;
using System.Text;
using Portal.Api.Tests.Punchout;
using Portal.Punchout.Security;

namespace Portal.Api.Tests.Security;

/// <summary>
/// Issue 12, item 10 (cXML) and the XML cases that already held: an empty SharedSecret is refused like a
/// wrong one (after the same hashing work); external entities are never resolved; entity expansion bombs
/// are refused at once.
/// </summary>
public sealed class PunchoutHardeningTests(PunchoutWorld world) : IClassFixture<PunchoutWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_empty_shared_secret_is_refused_exactly_like_a_wrong_one()
    {
        var (emptyHttp, empty) = await world.PostCxmlAsync(PunchoutWorld.ProfileRequest(secret: ""));
        var (wrongHttp, wrong) = await world.PostCxmlAsync(PunchoutWorld.ProfileRequest(secret: "wrong-secret"));
        Assert.Equal(wrongHttp, emptyHttp);
        Assert.Equal(401, empty.Response!.Status.Code);
        Assert.Equal(wrong.Response!.Status.Code, empty.Response.Status.Code);
        Assert.Equal(wrong.Response.Status.Message, empty.Response.Status.Message);

        // The refusal of an empty secret runs the key derivation (no early exit), like a wrong secret's.
        var stored = SharedSecretHasher.Hash("the-real-secret");
        Assert.False(SharedSecretHasher.Verify("", stored));
        Assert.False(SharedSecretHasher.Verify(null, stored));
        Assert.True(SharedSecretHasher.Verify("the-real-secret", stored));
    }

    [Fact]
    public async Task External_entities_are_never_resolved_and_entity_bombs_are_refused()
    {
        var xxe = PunchoutWorld.ProfileRequest()
            .Replace("""<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">""",
                """<!DOCTYPE cXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>""")
            .Replace($"<Identity>{PunchoutWorld.AcmeIdentity}</Identity></Credential></From>", "<Identity>&xxe;</Identity></Credential></From>");
        var laughs = new StringBuilder("""<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY lol "lol">""");
        for (var i = 1; i < 10; i++)
        {
            laughs.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? string.Empty : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">");
        }
        laughs.Append("""]><cXML payloadID="1@x" timestamp="2026-11-30T10:00:00Z"><Header><From><Credential domain="NetworkID"><Identity>&lol9;</Identity></Credential></From></Header></cXML>""");

        foreach (var xml in new[] { xxe, laughs.ToString() })
        {
            using var client = world.CreateClient();
            using var content = new StringContent(xml, Encoding.UTF8, "text/xml");
            var response = await client.PostAsync("/punchout/cxml", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
            Assert.DoesNotContain("lollollol", body, StringComparison.Ordinal);
            Assert.True(body.Length < 10_000, $"{body.Length} characters answered");
        }
    }
}
