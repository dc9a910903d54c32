namespace Portal.Api.Features.Sso;

/// <summary>Our side of an account's federation, as the IdP sees it.</summary>
public sealed record SsoUrls(string SamlEntityId, string SamlAcsUrl, string SamlMetadataUrl, string OidcRedirectUri)
{
    public static SsoUrls For(string baseUrl, Guid customerId)
    {
        var saml = $"{baseUrl}/sso/saml/{customerId}";
        return new SsoUrls(saml, saml + "/acs", saml + "/metadata", $"{baseUrl}/sso/oidc/{customerId}/callback");
    }
}
