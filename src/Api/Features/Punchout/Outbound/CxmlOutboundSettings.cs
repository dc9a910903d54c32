using Microsoft.AspNetCore.DataProtection;
using Portal.Api.Infrastructure.Outbound;

namespace Portal.Api.Features.Punchout.Outbound;

/// <summary>
/// An account's cXML outbound settings (<c>cxml.outboundUrl</c>, <c>outboundSharedSecret</c>, <c>signInvoices</c>).
/// The URL follows the webhooks' SSRF rules (https unless <c>Portal:Outbound:RequireHttps</c> says otherwise, no
/// private addresses unless allowed, no credentials in it; a query string is kept). The secret is the supplier's
/// credential at the buyer, sent with every document, so it is protected with Data Protection (ADR 0007), not hashed.
/// </summary>
public sealed class CxmlOutboundSettings(OutboundHttp outbound, IDataProtectionProvider protection, CxmlSigningCertificate signing)
{
    public const string SecretPurpose = "Portal.Punchout.CxmlOutboundSecret.v1";

    public void Validate(CxmlSettingsInput input, ValidationErrors errors)
    {
        if (input.OutboundUrl is { Length: > 0 } url && (url.Length > 2000 || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out _)))
        {
            errors.Add("cxml.outboundUrl", "An absolute https URL (at most 2000 characters).");
        }
        if (input.OutboundSharedSecret is { Length: > 0 } secret && (secret.Length > 200 || secret.Trim() != secret))
        {
            errors.Add("cxml.outboundSharedSecret", "At most 200 characters, no surrounding spaces.");
        }
        if (input.SignInvoices == true && !signing.Configured)
        {
            errors.Add("cxml.signInvoices", "No invoice-signing certificate is configured (Portal:Punchout:InvoiceSigning:CertificatePath).");
        }
    }

    /// <summary>The SSRF check of the URL (a 400 <c>url-not-allowed</c> problem).</summary>
    public Task CheckUrlAsync(CxmlSettingsInput input, CancellationToken cancellationToken) =>
        input.OutboundUrl is { Length: > 0 } url ? outbound.ValidateTargetAsync("cxml.outboundUrl", url.Trim(), cancellationToken) : Task.CompletedTask;

    public void Apply(PunchoutAccount account, CxmlSettingsInput input)
    {
        if (input.OutboundUrl is not null)
        {
            account.CxmlOutboundUrl = input.OutboundUrl.Trim() is { Length: > 0 } url ? url : null;
        }
        if (input.OutboundSharedSecret is not null)
        {
            account.CxmlOutboundSecretProtected = input.OutboundSharedSecret.Length > 0 ? protection.CreateProtector(SecretPurpose).Protect(input.OutboundSharedSecret) : null;
        }
        if (input.SignInvoices is { } sign)
        {
            account.CxmlSignInvoices = sign;
        }
    }

    /// <summary>The secret to send, or null.</summary>
    public string? Secret(PunchoutAccount account) =>
        account.CxmlOutboundSecretProtected is { } protectedSecret ? protection.CreateProtector(SecretPurpose).Unprotect(protectedSecret) : null;
}
