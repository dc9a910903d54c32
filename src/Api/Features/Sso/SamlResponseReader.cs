using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace Portal.Api.Features.Sso;

/// <summary>What a SAML response must match: our SP, the account's IdP and its certificates, the clock.</summary>
public sealed record SamlExpectations(
    string IdpEntityId,
    IReadOnlyList<X509Certificate2> Certificates,
    string SpEntityId,
    string AcsUrl,
    DateTimeOffset Now,
    string? EmailAttribute,
    string? NameAttribute,
    string? GroupsAttribute);

/// <summary>The identity read from a verified assertion.</summary>
public sealed record SamlIdentity(
    string NameId,
    string? Email,
    string? Name,
    IReadOnlyList<string> Groups,
    string AssertionId,
    string InResponseTo,
    DateTimeOffset NotOnOrAfter);

/// <summary>A SAML response that is refused; the reason is for the log and the problem detail, never the identity.</summary>
public sealed class SamlRejectedException(string reason) : Exception(reason);

/// <summary>
/// Reads a SAML 2.0 Response (HTTP-POST binding) strictly. The order matters: the document is parsed without
/// DTDs or resolvers; every ID in it must be unique (case-insensitively); there must be exactly one
/// Assertion in the whole document, a direct child of the Response; every ds:Signature must be the direct
/// child of the Response or of that Assertion, with exactly one Reference whose URI is that element's own
/// ID, only the enveloped-signature and exclusive C14N transforms, RSA-SHA256 or stronger, verified with one
/// of the configured certificates (KeyInfo is never used). The element the signature covers is the one
/// found by ID by <see cref="PinnedSignedXml"/>, which can only answer the element read afterwards, so the
/// XML signature wrapping attacks (XSW1-8) have nothing to wrap. Only then are Issuer, Destination,
/// Recipient, Audience, times and InResponseTo checked and the identity read (all text nodes of NameID,
/// so a comment cannot cut it short). Replay (assertion ID) and InResponseTo against the requests sent
/// are checked by the caller, which owns the database.
/// </summary>
public static class SamlResponseReader
{
    public const string ProtocolNs = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string AssertionNs = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string DsNs = SignedXml.XmlDsigNamespaceUrl;

    /// <summary>The largest SAMLResponse form field accepted (base64 characters).</summary>
    public const int MaxEncodedLength = 400_000;

    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);

    private static readonly HashSet<string> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigRSASHA384Url, SignedXml.XmlDsigRSASHA512Url,
    };

    private static readonly HashSet<string> DigestAlgorithms = new(StringComparer.Ordinal)
    {
        SignedXml.XmlDsigSHA256Url, SignedXml.XmlDsigSHA384Url, SignedXml.XmlDsigSHA512Url,
    };

    public static SamlIdentity Read(string encoded, SamlExpectations expect)
    {
        if (string.IsNullOrWhiteSpace(encoded) || encoded.Length > MaxEncodedLength)
        {
            throw new SamlRejectedException("The SAMLResponse is missing or too large.");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded.Trim());
        }
        catch (FormatException)
        {
            throw new SamlRejectedException("The SAMLResponse is not base64.");
        }
        var doc = Parse(bytes);
        var response = doc.DocumentElement!;
        if (response.LocalName != "Response" || response.NamespaceURI != ProtocolNs)
        {
            throw new SamlRejectedException("The document is not a SAML 2.0 Response.");
        }
        RequireUniqueIds(doc);

        // Exactly one assertion in the whole document, directly under the Response; no encrypted ones.
        var assertions = doc.GetElementsByTagName("Assertion", AssertionNs);
        if (assertions.Count != 1 || assertions[0]!.ParentNode != response)
        {
            throw new SamlRejectedException("The Response must hold exactly one Assertion, directly.");
        }
        if (doc.GetElementsByTagName("EncryptedAssertion", AssertionNs).Count > 0)
        {
            throw new SamlRejectedException("Encrypted assertions are not supported.");
        }
        var assertion = (XmlElement)assertions[0]!;

        // Signatures: only on the Response or the Assertion, each valid; at least one.
        XmlElement? responseSignature = null, assertionSignature = null;
        foreach (XmlElement signature in doc.GetElementsByTagName("Signature", DsNs))
        {
            if (signature.ParentNode == response && responseSignature is null)
            {
                responseSignature = signature;
            }
            else if (signature.ParentNode == assertion && assertionSignature is null)
            {
                assertionSignature = signature;
            }
            else
            {
                throw new SamlRejectedException("A signature is somewhere other than on the Response or the Assertion.");
            }
        }
        if (responseSignature is null && assertionSignature is null)
        {
            throw new SamlRejectedException("The response is not signed.");
        }
        if (responseSignature is not null)
        {
            Verify(response, responseSignature, expect.Certificates);
        }
        if (assertionSignature is not null)
        {
            Verify(assertion, assertionSignature, expect.Certificates);
        }

        // The Response
        if (response.GetAttribute("Version") != "2.0")
        {
            throw new SamlRejectedException("The Response is not SAML 2.0.");
        }
        if (response.GetAttribute("Destination") != expect.AcsUrl)
        {
            throw new SamlRejectedException("The Response's Destination is not this account's ACS URL.");
        }
        var inResponseTo = response.GetAttribute("InResponseTo");
        if (inResponseTo.Length == 0)
        {
            throw new SamlRejectedException("Unsolicited responses (no InResponseTo) are not accepted.");
        }
        if (Child(response, "Issuer", AssertionNs) is { } responseIssuer && Text(responseIssuer) != expect.IdpEntityId)
        {
            throw new SamlRejectedException("The Response's Issuer is not the account's IdP.");
        }
        var statusCode = Child(Child(response, "Status", ProtocolNs), "StatusCode", ProtocolNs)?.GetAttribute("Value");
        if (statusCode != "urn:oasis:names:tc:SAML:2.0:status:Success")
        {
            throw new SamlRejectedException($"The IdP answered status '{statusCode}'.");
        }

        // The Assertion
        if (Child(assertion, "Issuer", AssertionNs) is not { } issuer || Text(issuer) != expect.IdpEntityId)
        {
            throw new SamlRejectedException("The Assertion's Issuer is not the account's IdP.");
        }
        var now = expect.Now;
        var conditions = Child(assertion, "Conditions", AssertionNs) ?? throw new SamlRejectedException("The Assertion has no Conditions.");
        if (Time(conditions, "NotBefore") is { } notBefore && now + Skew < notBefore)
        {
            throw new SamlRejectedException("The Assertion is not valid yet.");
        }
        var notOnOrAfter = Time(conditions, "NotOnOrAfter") ?? throw new SamlRejectedException("The Assertion's Conditions have no NotOnOrAfter.");
        if (now - Skew >= notOnOrAfter)
        {
            throw new SamlRejectedException("The Assertion has expired.");
        }
        var restrictions = Children(conditions, "AudienceRestriction", AssertionNs).ToList();
        if (restrictions.Count == 0 || !restrictions.All(r => Children(r, "Audience", AssertionNs).Any(a => Text(a) == expect.SpEntityId)))
        {
            throw new SamlRejectedException("The Assertion's Audience is not this service provider.");
        }

        var subject = Child(assertion, "Subject", AssertionNs) ?? throw new SamlRejectedException("The Assertion has no Subject.");
        var nameIdElement = Child(subject, "NameID", AssertionNs) ?? throw new SamlRejectedException("The Subject has no NameID.");
        var nameId = Text(nameIdElement).Trim();
        if (nameId.Length is 0 or > 256)
        {
            throw new SamlRejectedException("The NameID is empty or too long.");
        }
        var confirmed = false;
        foreach (var confirmation in Children(subject, "SubjectConfirmation", AssertionNs))
        {
            if (confirmation.GetAttribute("Method") != "urn:oasis:names:tc:SAML:2.0:cm:bearer"
                || Child(confirmation, "SubjectConfirmationData", AssertionNs) is not { } data)
            {
                continue;
            }
            if (data.GetAttribute("Recipient") != expect.AcsUrl)
            {
                throw new SamlRejectedException("The SubjectConfirmationData's Recipient is not this account's ACS URL.");
            }
            if (data.GetAttribute("InResponseTo") != inResponseTo)
            {
                throw new SamlRejectedException("The SubjectConfirmationData's InResponseTo differs from the Response's.");
            }
            var until = Time(data, "NotOnOrAfter") ?? throw new SamlRejectedException("The SubjectConfirmationData has no NotOnOrAfter.");
            if (now - Skew >= until || (Time(data, "NotBefore") is { } from && now + Skew < from))
            {
                throw new SamlRejectedException("The SubjectConfirmationData has expired or is not valid yet.");
            }
            confirmed = true;
        }
        if (!confirmed)
        {
            throw new SamlRejectedException("The Subject has no bearer SubjectConfirmation.");
        }

        var attributes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var statement in Children(assertion, "AttributeStatement", AssertionNs))
        {
            foreach (var attribute in Children(statement, "Attribute", AssertionNs))
            {
                var name = attribute.GetAttribute("Name");
                if (!attributes.TryGetValue(name, out var values))
                {
                    attributes[name] = values = [];
                }
                values.AddRange(Children(attribute, "AttributeValue", AssertionNs).Select(v => Text(v).Trim()).Where(v => v.Length is > 0 and <= 256).Take(500));
            }
        }
        string? Single(string? name) => name is not null && attributes.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
        var groups = expect.GroupsAttribute is { } g && attributes.TryGetValue(g, out var gv) ? gv : [];
        var assertionId = assertion.GetAttribute("ID");
        if (assertionId.Length is 0 or > 256)
        {
            throw new SamlRejectedException("The Assertion has no usable ID.");
        }
        return new SamlIdentity(nameId, Single(expect.EmailAttribute), Single(expect.NameAttribute), groups, assertionId, inResponseTo, notOnOrAfter);
    }

    private static XmlDocument Parse(byte[] bytes)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = 2_000_000,
            MaxCharactersFromEntities = 0,
        };
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = XmlReader.Create(stream, settings);
            doc.Load(reader);
        }
        catch (XmlException e)
        {
            throw new SamlRejectedException("The SAMLResponse is not acceptable XML (DTDs are refused): " + e.Message);
        }
        return doc;
    }

    /// <summary>No two elements may carry the same ID-like attribute value, whatever its case.</summary>
    private static void RequireUniqueIds(XmlDocument doc)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (XmlElement element in doc.GetElementsByTagName("*"))
        {
            foreach (XmlAttribute attribute in element.Attributes)
            {
                if ((attribute.LocalName.Equals("ID", StringComparison.OrdinalIgnoreCase) || attribute.LocalName.Equals("AssertionID", StringComparison.OrdinalIgnoreCase))
                    && !seen.Add(attribute.Value.Trim()))
                {
                    throw new SamlRejectedException("The document holds the same ID twice.");
                }
            }
        }
    }

    private static void Verify(XmlElement signed, XmlElement signature, IReadOnlyList<X509Certificate2> certificates)
    {
        var id = signed.GetAttribute("ID");
        if (id.Length == 0)
        {
            throw new SamlRejectedException($"The signed {signed.LocalName} has no ID.");
        }
        var signedXml = new PinnedSignedXml(signed, id);
        try
        {
            signedXml.LoadXml(signature);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new SamlRejectedException("The signature cannot be read: " + e.Message);
        }
        var info = signedXml.SignedInfo!;
        if (info.References.Count != 1 || info.References[0] is not Reference reference || reference.Uri != "#" + id)
        {
            throw new SamlRejectedException($"The signature must have exactly one reference, to the {signed.LocalName}'s own ID.");
        }
        if (info.CanonicalizationMethod != SignedXml.XmlDsigExcC14NTransformUrl)
        {
            throw new SamlRejectedException("The signature must use exclusive C14N.");
        }
        if (!SignatureAlgorithms.Contains(info.SignatureMethod ?? ""))
        {
            throw new SamlRejectedException($"The signature algorithm '{info.SignatureMethod}' is not accepted (RSA-SHA256 or stronger).");
        }
        if (!DigestAlgorithms.Contains(reference.DigestMethod ?? ""))
        {
            throw new SamlRejectedException($"The digest algorithm '{reference.DigestMethod}' is not accepted (SHA-256 or stronger).");
        }
        foreach (Transform transform in reference.TransformChain)
        {
            if (transform.Algorithm != SignedXml.XmlDsigEnvelopedSignatureTransformUrl && transform.Algorithm != SignedXml.XmlDsigExcC14NTransformUrl)
            {
                throw new SamlRejectedException($"The transform '{transform.Algorithm}' is not accepted.");
            }
        }
        foreach (var certificate in certificates)
        {
            using var key = certificate.GetRSAPublicKey();
            if (key is not null && signedXml.CheckSignature(key))
            {
                return;
            }
        }
        throw new SamlRejectedException($"The {signed.LocalName}'s signature is not valid for any of the account's IdP certificates.");
    }

    /// <summary>SignedXml whose ID lookup answers only the element we are about to read.</summary>
    private sealed class PinnedSignedXml : SignedXml
    {
        private readonly XmlElement _signed;
        private readonly string _id;

        public PinnedSignedXml(XmlElement signed, string id)
            : base(signed)
        {
            _signed = signed;
            _id = id;
        }

        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            string.Equals(idValue, _id, StringComparison.Ordinal) ? _signed : null;
    }

    private static XmlElement? Child(XmlElement? parent, string localName, string ns) =>
        parent is null ? null : Children(parent, localName, ns).FirstOrDefault();

    private static IEnumerable<XmlElement> Children(XmlElement parent, string localName, string ns) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == localName && e.NamespaceURI == ns);

    /// <summary>All the text of an element, comments skipped and nothing cut short; child elements are refused.</summary>
    private static string Text(XmlElement element)
    {
        var text = new StringBuilder();
        foreach (XmlNode node in element.ChildNodes)
        {
            switch (node.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    text.Append(node.Value);
                    break;
                case XmlNodeType.Comment:
                case XmlNodeType.ProcessingInstruction:
                    break;
                default:
                    throw new SamlRejectedException($"The element {element.LocalName} holds markup where text was expected.");
            }
        }
        return text.ToString();
    }

    private static DateTimeOffset? Time(XmlElement element, string attribute)
    {
        var value = element.GetAttribute(attribute);
        if (value.Length == 0)
        {
            return null;
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new SamlRejectedException($"The time '{attribute}' is not valid.");
    }
}
