using System.IO.Compression;
using System.Xml;

namespace Portal.Api.Features.Sso;

/// <summary>The SP's outgoing SAML: metadata and the AuthnRequest of the HTTP-Redirect binding.</summary>
public static class SamlMessages
{
    public static string Metadata(SsoUrls urls, string? nameIdFormat, SamlSigningKey signing)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = false, Indent = true, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartElement("md", "EntityDescriptor", "urn:oasis:names:tc:SAML:2.0:metadata");
            xml.WriteAttributeString("entityID", urls.SamlEntityId);
            xml.WriteStartElement("md", "SPSSODescriptor", "urn:oasis:names:tc:SAML:2.0:metadata");
            xml.WriteAttributeString("AuthnRequestsSigned", signing.Configured ? "true" : "false");
            xml.WriteAttributeString("WantAssertionsSigned", "true");
            xml.WriteAttributeString("protocolSupportEnumeration", SamlResponseReader.ProtocolNs);
            if (signing.CertificateBase64 is { } certificate)
            {
                const string ds = "http://www.w3.org/2000/09/xmldsig#";
                xml.WriteStartElement("md", "KeyDescriptor", "urn:oasis:names:tc:SAML:2.0:metadata");
                xml.WriteAttributeString("use", "signing");
                xml.WriteStartElement("ds", "KeyInfo", ds);
                xml.WriteStartElement("ds", "X509Data", ds);
                xml.WriteElementString("ds", "X509Certificate", ds, certificate);
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteElementString("md", "NameIDFormat", "urn:oasis:names:tc:SAML:2.0:metadata", nameIdFormat ?? "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
            xml.WriteStartElement("md", "AssertionConsumerService", "urn:oasis:names:tc:SAML:2.0:metadata");
            xml.WriteAttributeString("Binding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
            xml.WriteAttributeString("Location", urls.SamlAcsUrl);
            xml.WriteAttributeString("index", "0");
            xml.WriteAttributeString("isDefault", "true");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>The IdP's SSO URL with the deflated, base64-encoded AuthnRequest and the RelayState, signed when the SP has a signing key.</summary>
    public static string RedirectUrl(string ssoUrl, SsoUrls urls, string requestId, string? nameIdFormat, DateTimeOffset now, SamlSigningKey signing)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("samlp", "AuthnRequest", SamlResponseReader.ProtocolNs);
            xml.WriteAttributeString("xmlns", "saml", null, SamlResponseReader.AssertionNs);
            xml.WriteAttributeString("ID", requestId);
            xml.WriteAttributeString("Version", "2.0");
            xml.WriteAttributeString("IssueInstant", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteAttributeString("Destination", ssoUrl);
            xml.WriteAttributeString("AssertionConsumerServiceURL", urls.SamlAcsUrl);
            xml.WriteAttributeString("ProtocolBinding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
            xml.WriteElementString("saml", "Issuer", SamlResponseReader.AssertionNs, urls.SamlEntityId);
            xml.WriteStartElement("samlp", "NameIDPolicy", SamlResponseReader.ProtocolNs);
            xml.WriteAttributeString("Format", nameIdFormat ?? "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
            xml.WriteAttributeString("AllowCreate", "true");
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }
        var encoded = Uri.EscapeDataString(Convert.ToBase64String(buffer.ToArray()));
        var separator = ssoUrl.Contains('?') ? '&' : '?';
        return $"{ssoUrl}{separator}{signing.SignRedirectQuery($"SAMLRequest={encoded}&RelayState={Uri.EscapeDataString(requestId)}")}";
    }
}
