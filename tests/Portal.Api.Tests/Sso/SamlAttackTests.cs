using System.Net;
using System.Text;
using System.Xml;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Sso;

/// <summary>
/// The attack corpus against the ACS of account A: every response is refused with 401 sso-refused, and no
/// session (no code) comes of it. The responses are signed by xmlsec1; the wrapping attacks (XSW1-8) move
/// the genuinely signed content of the attacker's own login around while an evil copy names the victim.
/// </summary>
public sealed class SamlAttackTests(SsoWorld world) : IClassFixture<SsoWorld>
{
    /// <summary>Each attack and the reason it must be refused for (so that a refusal for an unrelated reason does not pass).</summary>
    public static TheoryData<string, string> Corpus => new()
    {
        { "xsw1", "same ID twice" },
        { "xsw2", "same ID twice" },
        { "xsw3", "exactly one Assertion" },
        { "xsw4", "exactly one Assertion" },
        { "xsw5", "same ID twice" },
        { "xsw6", "same ID twice" },
        { "xsw7", "same ID twice" },
        { "xsw8", "same ID twice" },
        { "unsigned", "not signed" },
        { "signed-with-another-key", "not valid for any of the account's IdP certificates" },
        { "sha1", "rsa-sha1' is not accepted" },
        { "wrong-audience", "Audience" },
        { "wrong-recipient", "Recipient" },
        { "wrong-destination", "Destination" },
        { "wrong-issuer", "Issuer" },
        { "expired", "expired" },
        { "not-yet-valid", "not valid yet" },
        { "unsolicited", "Unsolicited" },
        { "unknown-in-response-to", "does not answer a login this account started" },
        { "doctype", "DTD" },
        { "signed-by-account-b", "not valid for any of the account's IdP certificates" },
        { "response-of-account-b", "not valid for any of the account's IdP certificates" },
        { "duplicate-id-case", "same ID twice" },
        { "two-assertions", "exactly one Assertion" },
        { "tampered-after-signing", "not valid for any of the account's IdP certificates" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Attack_is_refused(string attack, string reason)
    {
        await world.BuildAsync();
        var started = await world.StartAsync($"victim@{world.A.Domain}");
        var attacker = $"attacker-{Guid.NewGuid():N}@{world.A.Domain}";
        var victim = $"victim-{Guid.NewGuid():N}@{world.A.Domain}";
        var encoded = Build(attack, started.RequestId, attacker, victim);

        using var response = await SsoWorld.PostAcsAsync(started.Browser, world.A, encoded);
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "urn:portal:problem:sso-refused");
        Assert.Null(response.Headers.Location);
        Assert.Contains(reason, problem.GetProperty("detail").GetString());

        // No session came of it: authorize sends the browser to the IdP again instead of issuing a code.
        var again = await world.StartAsync($"victim@{world.A.Domain}", browser: started.Browser);
        Assert.NotEqual(started.RequestId, again.RequestId);
    }

    [Fact]
    public async Task A_refused_response_leaves_the_login_request_usable_for_the_genuine_answer()
    {
        await world.BuildAsync();
        var started = await world.StartAsync($"someone@{world.A.Domain}");
        var email = $"genuine-{Guid.NewGuid():N}@{world.A.Domain}";
        using (var bad = await SsoWorld.PostAcsAsync(started.Browser, world.A, Build("wrong-audience", started.RequestId, email, email)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        }
        using var good = await SsoWorld.PostAcsAsync(started.Browser, world.A, world.A.Idp.Encode(SsoWorld.Spec(world.A, started.RequestId, email, "everyone")));
        var token = await world.FinishAsync(started, good);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task A_comment_in_the_NameID_cannot_cut_the_identity_short()
    {
        await world.BuildAsync();
        // Signed NameID "victim@A<!---->.evil.example": a reader that stops at the comment would see victim@A.
        var started = await world.StartAsync($"x@{world.A.Domain}");
        var victim = $"victim-{Guid.NewGuid():N}@{world.A.Domain}";
        var spec = SsoWorld.Spec(world.A, started.RequestId, victim, "admins") with { Email = null, NameIdXml = victim + "<!---->.evil.example" };
        using var response = await SsoWorld.PostAcsAsync(started.Browser, world.A, world.A.Idp.Encode(spec));
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "urn:portal:problem:sso-refused");
        Assert.Contains("evil.example", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_comment_inside_the_NameID_is_skipped_and_the_whole_text_is_the_identity()
    {
        await world.BuildAsync();
        var started = await world.StartAsync($"x@{world.A.Domain}");
        var local = "split-" + Guid.NewGuid().ToString("N")[..8];
        var spec = SsoWorld.Spec(world.A, started.RequestId, "ignored", "everyone") with { Email = null, NameIdXml = local + "<!-- a comment -->@" + world.A.Domain };
        using var response = await SsoWorld.PostAcsAsync(started.Browser, world.A, world.A.Idp.Encode(spec));
        var token = await world.FinishAsync(started, response);
        using var api = world.WithToken(token.GetProperty("access_token").GetString()!);
        var me = await HttpAssert.OkJsonAsync(await api.GetAsync("/api/v1/me"));
        Assert.Equal($"{local}@{world.A.Domain}", me.GetProperty("user").GetProperty("email").GetString());
    }

    private string Build(string attack, string requestId, string attacker, string victim)
    {
        var a = world.A;
        var spec = SsoWorld.Spec(a, requestId, attacker, "everyone");
        switch (attack)
        {
            case "unsigned":
                return Encode(SamlIdp.Xml(spec with { SignAssertion = false }));
            case "signed-with-another-key":
                using (var other = new SamlIdp(a.Idp.EntityId))
                {
                    return other.Encode(spec);
                }
            case "sha1":
                return a.Idp.Encode(spec with { Sha1 = true });
            case "wrong-audience":
                return a.Idp.Encode(spec with { Audience = world.B.EntityId });
            case "wrong-recipient":
                return a.Idp.Encode(spec with { Recipient = world.B.AcsUrl });
            case "wrong-destination":
                return a.Idp.Encode(spec with { Destination = world.B.AcsUrl });
            case "wrong-issuer":
                return a.Idp.Encode(spec with { Issuer = world.B.Idp.EntityId });
            case "expired":
                return a.Idp.Encode(spec with { NotBefore = DateTimeOffset.UtcNow.AddMinutes(-20), NotOnOrAfter = DateTimeOffset.UtcNow.AddMinutes(-5) });
            case "not-yet-valid":
                return a.Idp.Encode(spec with { NotBefore = DateTimeOffset.UtcNow.AddMinutes(10), NotOnOrAfter = DateTimeOffset.UtcNow.AddMinutes(20) });
            case "unsolicited":
                return a.Idp.Encode(spec with { InResponseTo = null });
            case "unknown-in-response-to":
                return a.Idp.Encode(spec with { InResponseTo = "_" + Guid.NewGuid().ToString("N") });
            case "doctype":
            {
                var signed = a.Idp.SignedXml(spec);
                var at = signed.IndexOf("<samlp:Response", StringComparison.Ordinal);
                return Encode(signed[..at] + "<!DOCTYPE samlp:Response [<!ENTITY who \"" + victim + "\">]>" + signed[at..]);
            }
            case "signed-by-account-b":
                // Everything addressed to A, but signed by B's IdP (whose certificate A does not trust).
                return world.B.Idp.Encode(spec with { Issuer = a.Idp.EntityId });
            case "response-of-account-b":
                // B's own, perfectly valid response for B, posted to A's ACS.
                return world.B.Idp.Encode(SsoWorld.Spec(world.B, requestId, $"user@{world.B.Domain}", "admins"));
            case "duplicate-id-case":
            {
                var doc = Load(a.Idp.SignedXml(spec));
                var evil = (XmlElement)Assertion(doc).CloneNode(true);
                RemoveSignature(evil);
                evil.SetAttribute("ID", Assertion(doc).GetAttribute("ID").ToUpperInvariant());
                var extensions = doc.CreateElement("samlp", "Extensions", Protocol);
                extensions.AppendChild(evil);
                doc.DocumentElement!.InsertBefore(extensions, Assertion(doc));
                return Encode(doc);
            }
            case "two-assertions":
            {
                var doc = Load(a.Idp.SignedXml(spec));
                var second = Load(a.Idp.SignedXml(spec with { AssertionId = "_b" + Guid.NewGuid().ToString("N"), NameId = victim, Email = victim }));
                doc.DocumentElement!.AppendChild(doc.ImportNode(Assertion(second), true));
                return Encode(doc);
            }
            case "tampered-after-signing":
            {
                var doc = Load(a.Idp.SignedXml(spec));
                MakeEvil(Assertion(doc), victim);
                return Encode(doc);
            }
            default:
                return Encode(Xsw(attack, spec, victim));
        }
    }

    private const string Protocol = "urn:oasis:names:tc:SAML:2.0:protocol";
    private const string Saml = "urn:oasis:names:tc:SAML:2.0:assertion";
    private const string Ds = "http://www.w3.org/2000/09/xmldsig#";

    /// <summary>The eight XML signature wrapping shapes (Somorovsky et al.; SAML Raider's XSW1-8).</summary>
    private XmlDocument Xsw(string attack, SamlResponseSpec spec, string victim)
    {
        var idp = world.A.Idp;
        if (attack is "xsw1" or "xsw2")
        {
            // The Response is signed; an evil Response takes its place and the original hides in or beside the signature.
            var doc = Load(idp.SignedXml(spec with { SignAssertion = false, SignResponse = true }));
            var response = doc.DocumentElement!;
            var signature = (XmlElement)response.GetElementsByTagName("Signature", Ds)[0]!;
            var original = (XmlElement)response.CloneNode(true);
            RemoveSignature(original);
            response.SetAttribute("ID", "_evil" + Guid.NewGuid().ToString("N"));
            MakeEvil(Assertion(doc), victim);
            if (attack == "xsw1")
            {
                signature.AppendChild(original);
            }
            else
            {
                response.InsertBefore(original, signature);
            }
            return doc;
        }

        var signedDoc = Load(idp.SignedXml(spec));
        var root = signedDoc.DocumentElement!;
        var assertion = Assertion(signedDoc);
        var unsignedCopy = (XmlElement)assertion.CloneNode(true);
        RemoveSignature(unsignedCopy);
        switch (attack)
        {
            case "xsw3":
            {
                // An evil assertion (new ID) before the signed one.
                var evil = (XmlElement)unsignedCopy.CloneNode(true);
                evil.SetAttribute("ID", "_evil" + Guid.NewGuid().ToString("N"));
                MakeEvil(evil, victim);
                root.InsertBefore(evil, assertion);
                break;
            }
            case "xsw4":
            {
                // An evil assertion (new ID) wrapping the signed one.
                var evil = (XmlElement)unsignedCopy.CloneNode(true);
                evil.SetAttribute("ID", "_evil" + Guid.NewGuid().ToString("N"));
                MakeEvil(evil, victim);
                root.ReplaceChild(evil, assertion);
                evil.AppendChild(assertion);
                break;
            }
            case "xsw5":
            {
                // The signed assertion is changed in place; an unchanged copy (same ID) is appended for the digest.
                MakeEvil(assertion, victim);
                root.AppendChild(unsignedCopy);
                break;
            }
            case "xsw6":
            {
                // Changed in place; the unchanged copy hides inside the signature.
                MakeEvil(assertion, victim);
                ((XmlElement)assertion.GetElementsByTagName("Signature", Ds)[0]!).AppendChild(unsignedCopy);
                break;
            }
            case "xsw7":
            {
                // The signed original moves into Extensions; an evil unsigned copy (same ID) is the assertion.
                var extensions = signedDoc.CreateElement("samlp", "Extensions", Protocol);
                root.ReplaceChild(extensions, assertion);
                extensions.AppendChild(assertion);
                var evil = (XmlElement)unsignedCopy.CloneNode(true);
                MakeEvil(evil, victim);
                root.AppendChild(evil);
                break;
            }
            case "xsw8":
            {
                // Changed in place; the unchanged copy hides in a ds:Object of the signature.
                MakeEvil(assertion, victim);
                var signature = (XmlElement)assertion.GetElementsByTagName("Signature", Ds)[0]!;
                var obj = signedDoc.CreateElement("ds", "Object", Ds);
                obj.AppendChild(unsignedCopy);
                signature.AppendChild(obj);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(attack), attack, null);
        }
        return signedDoc;
    }

    /// <summary>The victim's address, and the administrators' group.</summary>
    private static void MakeEvil(XmlElement assertion, string victim)
    {
        foreach (XmlElement nameId in assertion.GetElementsByTagName("NameID", Saml))
        {
            nameId.InnerText = victim;
        }
        foreach (XmlElement attribute in assertion.GetElementsByTagName("Attribute", Saml))
        {
            var name = attribute.GetAttribute("Name");
            if (name == "email")
            {
                attribute.FirstChild!.InnerText = victim;
            }
            if (name == "groups")
            {
                var value = assertion.OwnerDocument.CreateElement("saml", "AttributeValue", Saml);
                value.InnerText = "admins";
                attribute.AppendChild(value);
            }
        }
    }

    private static XmlElement Assertion(XmlDocument doc) =>
        doc.DocumentElement!.ChildNodes.OfType<XmlElement>().First(e => e.LocalName == "Assertion" && e.NamespaceURI == Saml);

    private static void RemoveSignature(XmlElement element)
    {
        foreach (var signature in element.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Signature" && e.NamespaceURI == Ds).ToList())
        {
            element.RemoveChild(signature);
        }
    }

    private static XmlDocument Load(string xml)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(xml.StartsWith("<?xml", StringComparison.Ordinal) ? xml[(xml.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart() : xml);
        return doc;
    }

    private static string Encode(XmlDocument doc) => Encode(doc.OuterXml);

    private static string Encode(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));
}
