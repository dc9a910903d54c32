using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// Signed decision links (ASP.NET Data Protection, shared key ring): the token names the approver, the
/// approval and the level and carries its expiry. It is single-use because it is bound to the level: once
/// the level is decided (by anyone) the link only says so.
/// </summary>
public sealed class ApprovalLinks(IDataProtectionProvider protection, IOptions<PortalOptions> options, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Portal.Approvals.DecisionLink.v1");

    public string Create(Approval approval, Guid userId, int level)
    {
        var expires = clock.GetUtcNow() + options.Value.Approvals.LinkLifetime;
        var payload = string.Join('|', approval.Id.ToString("N"), userId.ToString("N"), level.ToString(CultureInfo.InvariantCulture), expires.UtcTicks.ToString(CultureInfo.InvariantCulture),
            ApprovalLinkToken.RoundOf(approval).ToString(CultureInfo.InvariantCulture));
        return WebEncoders.Base64UrlEncode(_protector.Protect(System.Text.Encoding.UTF8.GetBytes(payload)));
    }

    public string Url(string token) => $"{options.Value.PublicBaseUrl?.TrimEnd('/')}/approvals/decide/{token}";

    /// <summary>The token's content, or null when it was not issued by Portal (tampered, truncated, foreign key ring).</summary>
    public ApprovalLinkToken? Read(string token)
    {
        if (token.Length > 2048)
        {
            return null;
        }
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('|');
            return new ApprovalLinkToken(Guid.ParseExact(parts[0], "N"), Guid.ParseExact(parts[1], "N"), int.Parse(parts[2], CultureInfo.InvariantCulture),
                new DateTimeOffset(long.Parse(parts[3], CultureInfo.InvariantCulture), TimeSpan.Zero),
                parts.Length > 4 ? long.Parse(parts[4], CultureInfo.InvariantCulture) : null);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public bool Expired(ApprovalLinkToken token) => clock.GetUtcNow() >= token.ExpiresAt;
}
