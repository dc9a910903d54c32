using System.Security.Cryptography.X509Certificates;

namespace Portal.Api.Features.Punchout.Outbound;

/// <summary>
/// The installation's invoice-signing certificate (<c>Portal:Punchout:InvoiceSigning:CertificatePath</c>: a PEM file
/// with the certificate and its private key, or a PFX with <c>:Password</c>), loaded once when first needed.
/// </summary>
public sealed class CxmlSigningCertificate(IOptions<PortalOptions> options) : IDisposable
{
    private readonly Lazy<X509Certificate2> _certificate = new(() => Load(options.Value.Punchout.InvoiceSigning));

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Punchout.InvoiceSigning.CertificatePath);

    /// <summary>The certificate with its private key.</summary>
    /// <exception cref="InvalidOperationException">None is configured, or the file holds no RSA private key.</exception>
    public X509Certificate2 Certificate => _certificate.Value;

    private static X509Certificate2 Load(InvoiceSigningOptions settings)
    {
        var path = settings.CertificatePath ?? throw new InvalidOperationException("Portal:Punchout:InvoiceSigning:CertificatePath is not set.");
        var certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path)
            : X509CertificateLoader.LoadPkcs12FromFile(path, settings.Password);
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"The invoice-signing certificate {path} has no RSA private key.");
        }
        return certificate;
    }

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }
    }
}
