using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Portal.Punchout.Cxml;
using Portal.Punchout.Outbound;

namespace Portal.Punchout.Tests.Outbound;

/// <summary>Outbound documents for tests, a self-signed signing certificate, and xmlsec1 as the independent verifier.</summary>
public static class OutboundSamples
{
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    public static CxmlParties Parties(string? secret = "s3cret") => new(
        [new CxmlCredential("NetworkID", "AN-SUPPLIER")], [new CxmlCredential("NetworkID", "AN-BUYER")], [new CxmlCredential("NetworkID", "AN-SUPPLIER")], secret);

    public static CxmlOrderReference Order => new("PO-4711", Now.AddDays(-2), "1764900000.123@buyer.example");

    public static IReadOnlyList<CxmlOutboundLine> Lines =>
    [
        new(1, "SKU-1", "Copy paper A4 & \"white\"", "EA", 3m, 124.3265m),
        new(2, "SKU-2", "Paper clip", "EA", 1000m, 0.0035m),
    ];

    public static CxmlConfirmation Confirmation(string type) => new()
    {
        PayloadId = "conf-1@portal", Timestamp = Now, Parties = Parties(), Order = Order, Type = type, ConfirmId = "SO-2026-1", Currency = "EUR",
        Total = type == CxmlConfirmationTypes.Reject ? null : 376.48m, Comment = type == CxmlConfirmationTypes.Reject ? "Out of stock" : null,
        Lines = Lines.Select(l => new CxmlConfirmationLine(l, l.LineNumber == 1 ? 2m : l.Quantity, l.UnitPrice, l.LineNumber == 1 ? Now.AddDays(7) : null)).ToList(),
    };

    public static CxmlShipNotice ShipNotice() => new()
    {
        PayloadId = "ship-1@portal", Timestamp = Now, Parties = Parties(), Order = Order, ShipmentId = "SO-2026-1-1", ShipmentDate = Now,
        Carrier = "DHL", TrackingNumber = "JD0001", Lines = Lines,
    };

    public static CxmlInvoice Invoice() => new()
    {
        PayloadId = "inv-1@portal", Timestamp = Now, Parties = Parties(), Order = Order, InvoiceId = "INV-1", InvoiceDate = Now, Currency = "EUR",
        Lines = Lines, Shipping = 4.95m, Tax = 72.57m,
    };

    /// <summary>The DTD of a document: Fulfill.dtd (1.2.063) or InvoiceDetail.dtd (1.2.037, the one in the shared folder).</summary>
    public static string DtdFor(CxmlOutboundDocument document)
    {
        var cxmlDtd = CxmlDtdValidator.FindDtd();
        return document is CxmlInvoice
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(cxmlDtd)!, "..", "1.2.037", "InvoiceDetail.dtd"))
            : Path.Combine(Path.GetDirectoryName(cxmlDtd)!, "Fulfill.dtd");
    }

    /// <summary>A self-signed RSA certificate with its private key.</summary>
    public static X509Certificate2 Certificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Portal invoice signing test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(5));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12, "t"), "t");
    }

    /// <summary>Runs <c>xmlsec1 --verify</c> on the document with the certificate trusted; returns (exit code, output).</summary>
    public static (int ExitCode, string Output) Xmlsec1Verify(string xml, X509Certificate2 certificate)
    {
        var dir = Directory.CreateTempSubdirectory("portal-xmlsec-");
        try
        {
            var file = Path.Combine(dir.FullName, "signed.xml");
            var pem = Path.Combine(dir.FullName, "cert.pem");
            File.WriteAllText(file, xml);
            File.WriteAllText(pem, certificate.ExportCertificatePem());
            var start = new ProcessStartInfo("xmlsec1") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--verify", "--trusted-pem", pem, "--id-attr:Id", "Request", "--id-attr:Id", "cXMLSignedInfo", file })
            {
                start.ArgumentList.Add(arg);
            }
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("xmlsec1 is not installed (Debian/Ubuntu: apt-get install xmlsec1; test.sh installs it).", e);
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                process.WaitForExit(60_000);
                return (process.ExitCode, stdout.Result + stderr.Result);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
