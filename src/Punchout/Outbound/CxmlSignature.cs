using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace Portal.Punchout.Outbound;

/// <summary>
/// cXML digital signatures (cXML Reference Guide, "cXML Digital Signatures", signatureVersion 1.0) with RSA-SHA256
/// and exclusive C14N: <c>cXML@signatureVersion="1.0"</c>, <c>Request Id="cXMLData"</c>, and after the Request a
/// <c>ds:Signature Id="cXMLSignature"</c> whose SignedInfo references <c>#cXMLSignedInfo</c> (a
/// <c>cXMLSignedInfo</c> in the signature's first <c>ds:Object</c>, carrying the payloadID) and <c>#cXMLData</c>,
/// with the certificate in <c>ds:KeyInfo/ds:X509Data</c>. The <c>ds:</c> prefix is what the DTD declares, so the
/// signature is built here rather than by <see cref="SignedXml.ComputeSignature()"/> (which writes a default
/// namespace); every canonical form is made by .NET's <see cref="XmlDsigExcC14NTransform"/> and the result
/// verifies with <see cref="SignedXml.CheckSignature(X509Certificate2, bool)"/> (see <see cref="Verify"/>) and with
/// xmlsec1. A signed document has no <c>cXML@xml:lang</c>: .NET's SignedXml copies an ancestor's xml:* attributes
/// into the canonical form of a referenced element (inclusive C14N behaviour; exclusive C14N and xmlsec1 do not),
/// so with it .NET computed other digests and refused signatures xmlsec1 accepted.
/// </summary>
public static class CxmlSignature
{
    /// <summary>DsNamespace.</summary>
    public const string DsNamespace = "http://www.w3.org/2000/09/xmldsig#";
    /// <summary>XadesNamespace.</summary>
    public const string XadesNamespace = "http://uri.etsi.org/01903/v1.3.2#";
    /// <summary>SignedInfoId.</summary>
    public const string SignedInfoId = "cXMLSignedInfo";
    /// <summary>SignatureId.</summary>
    public const string SignatureId = "cXMLSignature";
    private const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private const string Sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    private const string ExcC14N = "http://www.w3.org/2001/10/xml-exc-c14n#";

    /// <summary>Signs a document written with <c>CxmlOutboundWriter.Write(document, signable: true)</c>; returns the signed XML.</summary>
    public static string Sign(string xml, X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("The signing certificate has no RSA private key.", nameof(certificate));
        var doc = Load(xml);
        var root = doc.DocumentElement!;
        var payloadId = root.GetAttribute("payloadID");
        root.SetAttribute("signatureVersion", "1.0");
        var data = (XmlElement?)root.SelectSingleNode("Request[@Id='" + CxmlOutboundWriter.DataId + "']")
            ?? throw new ArgumentException("The document has no Request Id=\"cXMLData\" to sign.", nameof(xml));

        var signature = Ds(doc, "Signature");
        signature.SetAttribute("xmlns:ds", DsNamespace);
        signature.SetAttribute("xmlns:xades", XadesNamespace);
        signature.SetAttribute("Id", SignatureId);
        var signedInfo = Ds(doc, "SignedInfo");
        var signatureValue = Ds(doc, "SignatureValue");
        var keyInfo = Ds(doc, "KeyInfo");
        var x509 = Ds(doc, "X509Data");
        var certificateElement = Ds(doc, "X509Certificate");
        certificateElement.InnerText = Convert.ToBase64String(certificate.RawData);
        x509.AppendChild(certificateElement);
        keyInfo.AppendChild(x509);
        var obj = Ds(doc, "Object");
        var cxmlSignedInfo = doc.CreateElement("cXMLSignedInfo");
        cxmlSignedInfo.SetAttribute("Id", SignedInfoId);
        cxmlSignedInfo.SetAttribute("payloadID", payloadId);
        cxmlSignedInfo.SetAttribute("signatureVersion", "1.0");
        obj.AppendChild(cxmlSignedInfo);
        signature.AppendChild(signedInfo);
        signature.AppendChild(signatureValue);
        signature.AppendChild(keyInfo);
        signature.AppendChild(obj);
        root.AppendChild(signature);

        var c14n = Ds(doc, "CanonicalizationMethod");
        c14n.SetAttribute("Algorithm", ExcC14N);
        var method = Ds(doc, "SignatureMethod");
        method.SetAttribute("Algorithm", RsaSha256);
        signedInfo.AppendChild(c14n);
        signedInfo.AppendChild(method);
        signedInfo.AppendChild(Reference(doc, SignedInfoId, cxmlSignedInfo));
        signedInfo.AppendChild(Reference(doc, CxmlOutboundWriter.DataId, data));

        var signed = rsa.SignData(Canonical(signedInfo), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        signatureValue.InnerText = Convert.ToBase64String(signed);
        // The prolog (declaration and DOCTYPE) as written: the document was read without its DTD.
        return xml[..xml.IndexOf("<cXML", StringComparison.Ordinal)] + doc.DocumentElement!.OuterXml;
    }

    /// <summary>
    /// Checks the signature with .NET's <see cref="SignedXml"/> against <paramref name="certificate"/> (or the
    /// certificate the signature carries). The document's DOCTYPE names the cXML DTD on the internet: SignedXml
    /// re-reads the document to resolve references and, with its default resolver, tries (and on .NET 7+ refuses)
    /// to fetch that DTD, which made verification fail while xmlsec1 (which never fetches it) passed; so the
    /// resolver is null and nothing is fetched. IDs resolve through the <c>Id</c> attribute without the DTD.
    /// </summary>
    public static bool Verify(string xml, X509Certificate2? certificate = null)
    {
        var doc = Load(xml);
        var signatureElement = doc.GetElementsByTagName("Signature", DsNamespace).OfType<XmlElement>().FirstOrDefault();
        if (signatureElement is null)
        {
            return false;
        }
        var signedXml = new SignedXml(doc) { Resolver = null! };
        signedXml.LoadXml(signatureElement);
        if (certificate is not null)
        {
            return signedXml.CheckSignature(certificate, verifySignatureOnly: true);
        }
        var carried = signedXml.KeyInfo.OfType<KeyInfoX509Data>().SelectMany(d => d.Certificates?.OfType<X509Certificate2>() ?? []).FirstOrDefault();
        return carried is not null && signedXml.CheckSignature(carried, verifySignatureOnly: true);
    }

    private static XmlElement Reference(XmlDocument doc, string id, XmlElement target)
    {
        var reference = Ds(doc, "Reference");
        reference.SetAttribute("URI", "#" + id);
        var transforms = Ds(doc, "Transforms");
        var transform = Ds(doc, "Transform");
        transform.SetAttribute("Algorithm", ExcC14N);
        transforms.AppendChild(transform);
        var digestMethod = Ds(doc, "DigestMethod");
        digestMethod.SetAttribute("Algorithm", Sha256);
        var digestValue = Ds(doc, "DigestValue");
        digestValue.InnerText = Convert.ToBase64String(SHA256.HashData(Canonical(target)));
        reference.AppendChild(transforms);
        reference.AppendChild(digestMethod);
        reference.AppendChild(digestValue);
        return reference;
    }

    /// <summary>
    /// The exclusive canonical form of an element in its document: the element re-read on its own (exclusive C14N
    /// renders only the namespaces an element uses, and no inherited xml:* attributes, so the context adds nothing
    /// but the <c>ds</c> declaration, which is copied).
    /// </summary>
    private static byte[] Canonical(XmlElement element)
    {
        var alone = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var copy = (XmlElement)alone.ImportNode(element, deep: true);
        if (!string.IsNullOrEmpty(copy.Prefix))
        {
            copy.SetAttribute("xmlns:" + copy.Prefix, copy.NamespaceURI);
        }
        alone.AppendChild(copy);
        // Re-read so the namespace declarations are attributes the canonicalizer sees.
        var reread = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        reread.LoadXml(alone.OuterXml);
        var transform = new XmlDsigExcC14NTransform();
        transform.LoadInput(reread);
        using var output = (Stream)transform.GetOutput(typeof(Stream));
        using var buffer = new MemoryStream();
        output.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static XmlElement Ds(XmlDocument doc, string name) => doc.CreateElement("ds", name, DsNamespace);

    private static XmlDocument Load(string xml)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersInDocument = 16 * 1024 * 1024,
        });
        doc.Load(reader);
        return doc;
    }
}
