namespace Portal.Api.Features.Sso;

/// <summary>
/// The browser side of federation: SP metadata, the SAML ACS (HTTP-POST binding), the OIDC redirect URI,
/// and <c>/sso/login</c> for pages that want a session without an app (returnUrl: a local path).
/// </summary>
public static class SsoEndpoints
{
    public static void MapSso(WebApplication app)
    {
        var group = app.MapGroup("/sso").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        group.MapGet("/saml/{customerId:guid}/metadata", MetadataAsync);
        group.MapPost("/saml/{customerId:guid}/acs", AcsAsync);
        group.MapGet("/oidc/{customerId:guid}/callback", OidcCallbackAsync);
        group.MapGet("/login", LoginAsync);
    }

    private static async Task<IResult> MetadataAsync(Guid customerId, HttpContext context, SsoLoginService logins, SamlSigningKey signing, Infrastructure.Data.PortalDbContext db, CancellationToken cancellationToken)
    {
        var connection = await db.SsoConnections.AsNoTracking().FirstOrDefaultAsync(c => c.CustomerId == customerId && c.Protocol == "saml", cancellationToken);
        if (connection is null)
        {
            return Results.NotFound();
        }
        return Results.Text(SamlMessages.Metadata(SsoUrls.For(logins.BaseUrl(context), customerId), connection.SamlNameIdFormat, signing), "application/samlmetadata+xml");
    }

    private static async Task<IResult> AcsAsync(Guid customerId, HttpContext context, SsoLoginService logins, TenantScope tenant, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || context.Request.ContentLength is > SamlResponseReader.MaxEncodedLength + 8192)
        {
            throw new SsoRefusedException("The ACS takes an HTTP-POST binding form with SAMLResponse.");
        }
        tenant.ForCustomer(customerId);
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var login = await logins.CompleteSamlAsync(context, customerId, form["SAMLResponse"].ToString(), cancellationToken);
        await SsoSession.SignInAsync(context, login);
        return Results.Redirect(login.ReturnUrl);
    }

    private static async Task<IResult> OidcCallbackAsync(Guid customerId, HttpContext context, SsoLoginService logins, TenantScope tenant, CancellationToken cancellationToken)
    {
        tenant.ForCustomer(customerId);
        var query = context.Request.Query;
        var login = await logins.CompleteOidcAsync(context, customerId, query["code"].FirstOrDefault(), query["state"].FirstOrDefault(), query["error"].FirstOrDefault(), cancellationToken);
        await SsoSession.SignInAsync(context, login);
        return Results.Redirect(login.ReturnUrl);
    }

    /// <summary><c>/sso/login?login_hint=user@acme.example&amp;returnUrl=/path</c> (or <c>tenant={customerId}</c>).</summary>
    private static async Task<IResult> LoginAsync(HttpContext context, SsoLoginService logins, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var returnUrl = query["returnUrl"].FirstOrDefault() ?? "/";
        var hint = query["login_hint"].FirstOrDefault();
        Guid? customerId = Guid.TryParse(query["tenant"].FirstOrDefault(), out var named) ? named : await logins.AccountForEmailAsync(hint, cancellationToken);
        if (customerId is null)
        {
            throw new Infrastructure.Problems.NotFoundException("No account signs in users of this e-mail domain.");
        }
        return Results.Redirect(await logins.StartAsync(context, customerId.Value, returnUrl, hint, cancellationToken));
    }
}
