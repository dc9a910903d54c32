using System.Diagnostics;
using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Portal.Api.Tests.Sso;

/// <summary>What goes into a test SAML response; every field can be made wrong by a test.</summary>
public sealed record SamlResponseSpec
{
    public required string Destination { get; init; }
    public required string Recipient { get; init; }
    public required string Audience { get; init; }
    public required string Issuer { get; init; }
    public string? InResponseTo { get; init; }
    public required string NameId { get; init; }
    public string? Email { get; init; }
    public string Name { get; init; } = "Test Person";
    public IReadOnlyList<string> Groups { get; init; } = [];
    public DateTimeOffset IssueInstant { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset NotBefore { get; init; } = DateTimeOffset.UtcNow.AddMinutes(-1);
    public DateTimeOffset NotOnOrAfter { get; init; } = DateTimeOffset.UtcNow.AddMinutes(5);
    public string ResponseId { get; init; } = "_r" + Guid.NewGuid().ToString("N");
    public string AssertionId { get; init; } = "_a" + Guid.NewGuid().ToString("N");
    public bool SignAssertion { get; init; } = true;
    public bool SignResponse { get; init; }
    public bool Sha1 { get; init; }

    /// <summary>Raw XML put into NameID instead of the escaped <see cref="NameId"/> (comments).</summary>
    public string? NameIdXml { get; init; }

    /// <summary>Inserted before the root element (a DOCTYPE).</summary>
    public string? Prolog { get; init; }
}

/// <summary>
/// A customer's SAML identity provider for tests: an RSA key and self-signed certificate, responses
/// written as XML text and signed by an independent implementation, <c>xmlsec1 --sign</c> (Debian's xmlsec1,
/// OpenSSL backend).
/// </summary>
public sealed class SamlIdp : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("portal-saml-idp-").FullName;
    private readonly RSA _key = RSA.Create(2048);

    public SamlIdp(string entityId)
    {
        EntityId = entityId;
        var request = new CertificateRequest("CN=" + new Uri(entityId).Host, _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(KeyPath, _key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CertPath, Certificate.ExportCertificatePem());
    }

    public string EntityId { get; }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    private string KeyPath => Path.Combine(_dir, "key.pem");

    private string CertPath => Path.Combine(_dir, "cert.pem");

    /// <summary>The response, signed as the spec says, base64-encoded for the HTTP-POST binding.</summary>
    public string Encode(SamlResponseSpec spec) => Convert.ToBase64String(Encoding.UTF8.GetBytes(SignedXml(spec)));

    public string SignedXml(SamlResponseSpec spec)
    {
        var xml = Xml(spec);
        if (spec.SignAssertion)
        {
            xml = Sign(xml, "Assertion", spec.AssertionId);
        }
        if (spec.SignResponse)
        {
            xml = Sign(xml, "Response", spec.ResponseId);
        }
        return xml;
    }

    public static string Xml(SamlResponseSpec s)
    {
        static string T(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        static string E(string v) => SecurityElement.Escape(v)!;
        var inResponseTo = s.InResponseTo is null ? "" : $" InResponseTo=\"{E(s.InResponseTo)}\"";
        var groups = string.Concat(s.Groups.Select(g => $"<saml:AttributeValue>{E(g)}</saml:AttributeValue>"));
        var responseSignature = s.SignResponse ? SignatureTemplate(s.ResponseId, s.Sha1) : "";
        var assertionSignature = s.SignAssertion ? SignatureTemplate(s.AssertionId, s.Sha1) : "";
        return (s.Prolog ?? "") +
            $"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{s.ResponseId}\" Version=\"2.0\" IssueInstant=\"{T(s.IssueInstant)}\" Destination=\"{E(s.Destination)}\"{inResponseTo}>" +
            $"<saml:Issuer>{E(s.Issuer)}</saml:Issuer>{responseSignature}" +
            "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>" +
            $"<saml:Assertion ID=\"{s.AssertionId}\" Version=\"2.0\" IssueInstant=\"{T(s.IssueInstant)}\">" +
            $"<saml:Issuer>{E(s.Issuer)}</saml:Issuer>{assertionSignature}" +
            $"<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">{s.NameIdXml ?? E(s.NameId)}</saml:NameID>" +
            $"<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData NotOnOrAfter=\"{T(s.NotOnOrAfter)}\" Recipient=\"{E(s.Recipient)}\"{inResponseTo}/></saml:SubjectConfirmation></saml:Subject>" +
            $"<saml:Conditions NotBefore=\"{T(s.NotBefore)}\" NotOnOrAfter=\"{T(s.NotOnOrAfter)}\"><saml:AudienceRestriction><saml:Audience>{E(s.Audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>" +
            $"<saml:AuthnStatement AuthnInstant=\"{T(s.IssueInstant)}\"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>" +
            "<saml:AttributeStatement>" +
            (s.Email is null ? "" : $"<saml:Attribute Name=\"email\"><saml:AttributeValue>{E(s.Email)}</saml:AttributeValue></saml:Attribute>") +
            $"<saml:Attribute Name=\"name\"><saml:AttributeValue>{E(s.Name)}</saml:AttributeValue></saml:Attribute>" +
            $"<saml:Attribute Name=\"groups\">{groups}</saml:Attribute>" +
            "</saml:AttributeStatement></saml:Assertion></samlp:Response>";
    }

    private static string SignatureTemplate(string id, bool sha1) =>
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>" +
        "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>" +
        $"<ds:SignatureMethod Algorithm=\"{(sha1 ? "http://www.w3.org/2000/09/xmldsig#rsa-sha1" : "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")}\"/>" +
        $"<ds:Reference URI=\"#{id}\"><ds:Transforms>" +
        "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>" +
        "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>" +
        $"<ds:DigestMethod Algorithm=\"{(sha1 ? "http://www.w3.org/2000/09/xmldsig#sha1" : "http://www.w3.org/2001/04/xmlenc#sha256")}\"/>" +
        "<ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue>" +
        "<ds:KeyInfo><ds:X509Data></ds:X509Data></ds:KeyInfo></ds:Signature>";

    /// <summary>Signs the Signature template whose Reference names <paramref name="id"/> with xmlsec1.</summary>
    private string Sign(string xml, string element, string id)
    {
        var input = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".xml");
        var output = input + ".signed";
        File.WriteAllText(input, xml);
        var start = new ProcessStartInfo("xmlsec1")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
        {
            "--sign", "--privkey-pem", KeyPath + "," + CertPath,
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            "--node-xpath", $"//*[local-name()='Signature'][*[local-name()='SignedInfo']/*[local-name()='Reference']/@URI='#{id}']",
            "--output", output, input,
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"xmlsec1 --sign of the {element} failed ({process.ExitCode}): {stderr}");
        }
        var signed = File.ReadAllText(output);
        File.Delete(input);
        File.Delete(output);
        // xmlsec1 writes an XML declaration; keep the document as the IdP would post it.
        return signed;
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
