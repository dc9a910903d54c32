using System.Security.Cryptography.X509Certificates;

namespace Portal.Api.Features.Sso;

/// <summary>
/// The service provider's SAML signing key, configured once per installation
/// (<c>Portal:Sso:SigningCertificatePath</c>: a PEM file holding the certificate and its private key). When it is
/// set, every AuthnRequest of the HTTP-Redirect binding is signed (RSA-SHA256 over
/// <c>SAMLRequest=…&amp;RelayState=…&amp;SigAlg=…</c>, SAML bindings 3.4.4.1) and the metadata says
/// <c>AuthnRequestsSigned="true"</c> with the certificate as signing key; without it requests are unsigned.
/// </summary>
public sealed class SamlSigningKey : IDisposable
{
    public const string ConfigurationKey = "Portal:Sso:SigningCertificatePath";
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    private readonly X509Certificate2? certificate;
    private readonly RSA? key;

    public SamlSigningKey(IConfiguration configuration)
    {
        var path = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }
        certificate = X509Certificate2.CreateFromPemFile(path);
        key = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException($"{ConfigurationKey} must name a PEM file with an RSA certificate and its private key.");
    }

    public bool Configured => key is not null;

    /// <summary>The certificate, base64 DER, for the metadata's KeyDescriptor.</summary>
    public string? CertificateBase64 => certificate is null ? null : Convert.ToBase64String(certificate.RawData);

    /// <summary>Appends <c>SigAlg</c> and <c>Signature</c> to the redirect binding's query (already URL-encoded parts).</summary>
    public string SignRedirectQuery(string query)
    {
        if (key is null)
        {
            return query;
        }
        var signed = $"{query}&SigAlg={Uri.EscapeDataString(RsaSha256)}";
        var signature = key.SignData(System.Text.Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}&Signature={Uri.EscapeDataString(Convert.ToBase64String(signature))}";
    }

    public void Dispose()
    {
        key?.Dispose();
        certificate?.Dispose();
    }
}
