using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Sso;

/// <summary>A login refused (bad response, unknown account, deactivated user); answered 401 with problem type sso-refused.</summary>
public sealed class SsoRefusedException(string detail)
    : ProblemException(StatusCodes.Status401Unauthorized, ProblemTypes.SsoRefused, "The single sign-on was refused.", detail);

/// <summary>
/// A login could not start because the account's OpenID Connect provider did not answer its discovery document
/// (unreachable, timed out, or an answer that is not a valid document for the configured authority); 502.
/// </summary>
public sealed class IdentityProviderUnavailableException(string detail)
    : ProblemException(StatusCodes.Status502BadGateway, ProblemTypes.IdentityProviderUnavailable, "The account's identity provider could not be used.", detail);

/// <summary>The person a completed login is, and where the browser goes next.</summary>
public sealed record SsoLoginResult(Guid CustomerId, Guid UserId, string Email, string ReturnUrl);

/// <summary>
/// Federated login for an account: finds the account (home-realm discovery), sends the browser to its IdP
/// (SAML AuthnRequest or OIDC code flow with PKCE), checks what comes back (<see cref="SamlResponseReader"/>,
/// <see cref="OidcRelyingParty"/>) together with what only the database knows (the request we sent and not
/// yet answered, the assertion not seen before), and creates or updates the user just in time with the
/// roles its groups map to. Everything of one login commits in one transaction, or nothing does.
/// </summary>
public sealed class SsoLoginService(
    PortalDbContext db,
    TenantScope tenant,
    CallerCache callerCache,
    IDataProtectionProvider protection,
    OidcRelyingParty oidc,
    SamlSigningKey signing,
    IOptions<PortalOptions> options,
    TimeProvider clock,
    ILogger<SsoLoginService> logger)
{
    public static readonly TimeSpan RequestLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The browser-binding cookie: a random value set when a login starts, whose hash the login request keeps.
    /// SameSite=None, because the SAML ACS is a cross-site POST from the IdP (Secure over https).
    /// </summary>
    public const string BindingCookie = "portal.sso.binding";
    private const string VerifierPurpose = "Portal.Sso.PkceVerifier";

    /// <summary>The public base URL as this request reaches us (Portal:PublicBaseUrl when set).</summary>
    public string BaseUrl(HttpContext context) => PublicUrls.Base(options.Value, context);

    /// <summary>The account whose IdP handles <paramref name="email"/>'s domain, if any.</summary>
    public async Task<Guid?> AccountForEmailAsync(string? email, CancellationToken cancellationToken)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        if (email is null || at < 0 || email.Length > 254)
        {
            return null;
        }
        var domain = email[(at + 1)..].Trim().ToLowerInvariant();
        var rows = await db.SsoConnections.AsNoTracking().Select(c => new { c.CustomerId, c.EmailDomains }).ToListAsync(cancellationToken);
        return rows.FirstOrDefault(r => r.EmailDomains.Contains(domain))?.CustomerId;
    }

    public Task<bool> RequiresSsoAsync(Guid customerId, CancellationToken cancellationToken) =>
        db.SsoConnections.AnyAsync(c => c.CustomerId == customerId && c.RequireSso, cancellationToken);

    /// <summary>Starts a login at the account's IdP; answers the URL to send the browser to.</summary>
    public async Task<string> StartAsync(HttpContext context, Guid customerId, string returnUrl, string? loginHint, CancellationToken cancellationToken)
    {
        if (!IsLocalReturnUrl(returnUrl))
        {
            throw new BadRequestException("The return URL must be a local path.");
        }
        var connection = await ConnectionAsync(customerId, cancellationToken);
        var urls = SsoUrls.For(BaseUrl(context), customerId);
        var now = clock.GetUtcNow();
        var request = new SsoLoginRequest
        {
            BrowserBindingHash = Hash(BrowserBinding(context)),
            Id = "_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant(),
            CustomerId = customerId,
            Protocol = connection.Protocol,
            ReturnUrl = returnUrl,
            CreatedAt = now,
            ExpiresAt = now + RequestLifetime,
        };
        string target;
        if (connection.Protocol == "saml")
        {
            target = SamlMessages.RedirectUrl(connection.SamlSsoUrl!, urls, request.Id, connection.SamlNameIdFormat, now, signing);
        }
        else
        {
            request.Nonce = Base64Url(RandomNumberGenerator.GetBytes(24));
            var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
            request.CodeVerifierProtected = protection.CreateProtector(VerifierPurpose).Protect(verifier);
            try
            {
                target = await oidc.AuthorizationUrlAsync(connection, urls.OidcRedirectUri, request.Id, request.Nonce, verifier, loginHint, cancellationToken);
            }
            catch (OidcRejectedException e)
            {
                logger.LogWarning("OIDC login for account {CustomerId} could not start: {Reason}", customerId, e.Message);
                throw new IdentityProviderUnavailableException(e.Message);
            }
        }
        db.SsoLoginRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return target;
    }

    /// <summary>The ACS: a SAML response for <paramref name="customerId"/>, checked and turned into a user.</summary>
    public async Task<SsoLoginResult> CompleteSamlAsync(HttpContext context, Guid customerId, string samlResponse, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(customerId, cancellationToken);
        if (connection.Protocol != "saml")
        {
            throw new SsoRefusedException("The account does not sign in with SAML.");
        }
        var urls = SsoUrls.For(BaseUrl(context), customerId);
        var certificates = connection.SamlSigningCertificates.Select(pem => X509Certificate2.CreateFromPem(pem)).ToList();
        SamlIdentity identity;
        try
        {
            identity = SamlResponseReader.Read(samlResponse, new SamlExpectations(
                connection.SamlIdpEntityId!, certificates, urls.SamlEntityId, urls.SamlAcsUrl, clock.GetUtcNow(),
                connection.EmailClaim, connection.NameClaim, connection.GroupsClaim));
        }
        catch (SamlRejectedException e)
        {
            logger.LogWarning("SAML response for account {CustomerId} refused: {Reason}", customerId, e.Message);
            throw new SsoRefusedException(e.Message);
        }
        finally
        {
            certificates.ForEach(c => c.Dispose());
        }
        var email = identity.Email ?? (identity.NameId.Contains('@') ? identity.NameId : null);
        return await FinishAsync(context, connection, identity.InResponseTo, "saml", "saml:" + identity.AssertionId, identity.NotOnOrAfter, email, identity.Name, identity.Groups, cancellationToken);
    }

    /// <summary>The OIDC redirect URI: the code exchanged (with the PKCE verifier) and the ID token checked.</summary>
    public async Task<SsoLoginResult> CompleteOidcAsync(HttpContext context, Guid customerId, string? code, string? state, string? error, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(customerId, cancellationToken);
        if (connection.Protocol != "oidc")
        {
            throw new SsoRefusedException("The account does not sign in with OpenID Connect.");
        }
        if (error is not null)
        {
            throw new SsoRefusedException($"The identity provider answered '{Cut(error)}'.");
        }
        if (string.IsNullOrEmpty(code) || code.Length > 4000 || string.IsNullOrEmpty(state) || state.Length > 100)
        {
            throw new SsoRefusedException("The callback needs code and state.");
        }
        var pending = await db.SsoLoginRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == state && r.CustomerId == customerId && r.Protocol == "oidc", cancellationToken)
            ?? throw new SsoRefusedException("The state does not belong to a login of this account.");
        var verifier = protection.CreateProtector(VerifierPurpose).Unprotect(pending.CodeVerifierProtected!);
        var secret = connection.OidcClientSecretProtected is { } s ? protection.CreateProtector(SsoSettingsService.SecretPurpose).Unprotect(s) : null;
        OidcIdentity identity;
        try
        {
            identity = await oidc.RedeemAsync(connection, secret, SsoUrls.For(BaseUrl(context), customerId).OidcRedirectUri, code, verifier, pending.Nonce!, cancellationToken);
        }
        catch (OidcRejectedException e)
        {
            logger.LogWarning("OIDC login for account {CustomerId} refused: {Reason}", customerId, e.Message);
            throw new SsoRefusedException(e.Message);
        }
        return await FinishAsync(context, connection, state, "oidc", "oidc:" + identity.TokenId, identity.Expires, identity.Email, identity.Name, identity.Groups, cancellationToken);
    }

    /// <summary>Consumes the request we sent, records the assertion as used, and provisions the user; one transaction.</summary>
    private async Task<SsoLoginResult> FinishAsync(
        HttpContext context, SsoConnection connection, string requestId, string protocol, string assertionId, DateTimeOffset assertionExpires,
        string? email, string? name, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        var customerId = connection.CustomerId;
        email = email?.Trim().ToLowerInvariant();
        if (email is null || email.Length > 254 || email.IndexOf('@') is <= 0 || email.EndsWith('@'))
        {
            throw new SsoRefusedException("The identity provider sent no e-mail address.");
        }
        var domain = email[(email.LastIndexOf('@') + 1)..];
        if (connection.EmailDomains.Count > 0 && !connection.EmailDomains.Contains(domain))
        {
            throw new SsoRefusedException($"The address's domain '{Cut(domain)}' is not one of the account's e-mail domains.");
        }
        var now = clock.GetUtcNow();
        tenant.ForCustomer(customerId);
        await using var transaction = await db.BeginGuardedAsync(cancellationToken);
        var pending = await db.SsoLoginRequests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (pending is null || pending.CustomerId != customerId || pending.Protocol != protocol)
        {
            throw new SsoRefusedException("The response does not answer a login this account started (InResponseTo/state).");
        }
        if (pending.UsedAt is not null || pending.ExpiresAt <= now)
        {
            throw new SsoRefusedException("The login request was already answered or has expired.");
        }
        var cookie = context.Request.Cookies[BindingCookie];
        if (cookie is not { Length: > 0 and <= 100 }
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Hash(cookie)), System.Text.Encoding.ASCII.GetBytes(pending.BrowserBindingHash)))
        {
            throw new SsoRefusedException("The login was not started in this browser.");
        }
        var consumed = await db.SsoLoginRequests
            .Where(r => r.Id == requestId && r.UsedAt == null)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.UsedAt, now), cancellationToken);
        if (consumed != 1)
        {
            throw new SsoRefusedException("The login request was already answered.");
        }
        // One-time assertions: the key is the primary key, so a second use fails at the database, whatever instance sees it.
        var replayed = await db.SsoAssertionUses.AnyAsync(a => a.CustomerId == customerId && a.AssertionId == assertionId, cancellationToken);
        if (replayed)
        {
            throw new SsoRefusedException("The assertion was used before (replay).");
        }
        db.SsoAssertionUses.Add(new SsoAssertionUse
        {
            CustomerId = customerId,
            AssertionId = assertionId.Length > 256 ? Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(assertionId))) : assertionId,
            ExpiresAt = assertionExpires > now ? assertionExpires + SamlResponseReader.Skew : now + SamlResponseReader.Skew,
        });

        var user = await db.Users.Include(u => u.Roles).FirstOrDefaultAsync(u => u.CustomerId == customerId && u.Email == email, cancellationToken);
        var wanted = connection.RoleMappings
            .Where(m => groups.Contains(m.Group, StringComparer.Ordinal))
            .Select(m => (m.Role, m.OrgUnitId))
            .Distinct()
            .ToList();
        if (user is null)
        {
            var home = wanted.Count > 0
                ? wanted[0].OrgUnitId
                : await db.OrgUnits.Where(o => o.ParentId == null).Select(o => o.Id).FirstAsync(cancellationToken);
            user = new User { CustomerId = customerId, Email = email, Name = Cut(name?.Trim() is { Length: > 0 } n ? n : email, 200), OrgUnitId = home, CreatedAt = now, UpdatedAt = now };
            db.Users.Add(user);
        }
        else if (!user.Active)
        {
            throw new SsoRefusedException("The user is deactivated.");
        }
        else if (name?.Trim() is { Length: > 0 } newName && newName != user.Name)
        {
            user.Name = Cut(newName, 200);
            user.UpdatedAt = now;
        }
        var current = user.Roles.Select(r => (r.Role, r.OrgUnitId)).ToHashSet();
        var changed = !current.SetEquals(wanted);
        if (changed)
        {
            db.RoleAssignments.RemoveRange(user.Roles.Where(r => !wanted.Contains((r.Role, r.OrgUnitId))));
            foreach (var (role, unit) in wanted.Where(w => !current.Contains(w)))
            {
                db.RoleAssignments.Add(new RoleAssignment { CustomerId = customerId, UserId = user.Id, Role = role, OrgUnitId = unit });
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new SsoRefusedException("The assertion was used before (replay), or the user changed at the same moment; sign in again.");
        }
        if (changed)
        {
            await callerCache.InvalidateAllAsync(cancellationToken);
        }
        logger.LogInformation("SSO login ({Protocol}) of user {UserId} at account {CustomerId}", protocol, user.Id, customerId);
        return new SsoLoginResult(customerId, user.Id, email, pending.ReturnUrl);
    }

    /// <summary>The browser's binding value: the existing cookie's, or a new one set now.</summary>
    private static string BrowserBinding(HttpContext context)
    {
        if (context.Request.Cookies[BindingCookie] is { Length: >= 32 and <= 100 } existing)
        {
            return existing;
        }
        var value = Base64Url(RandomNumberGenerator.GetBytes(32));
        context.Response.Cookies.Append(BindingCookie, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = context.Request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax,
            Path = "/",
            MaxAge = RequestLifetime,
            IsEssential = true,
        });
        return value;
    }

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)));

    private async Task<SsoConnection> ConnectionAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var connection = await db.SsoConnections.AsNoTracking().Include(c => c.RoleMappings)
            .FirstOrDefaultAsync(c => c.CustomerId == customerId, cancellationToken);
        var active = await db.Customers.AnyAsync(c => c.Id == customerId && c.Active, cancellationToken);
        return connection is not null && active ? connection : throw new NotFoundException("The account has no single sign-on.");
    }

    /// <summary>Only paths on this host: never an open redirect.</summary>
    public static bool IsLocalReturnUrl(string? url) =>
        url is { Length: > 0 and <= 4000 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);

    private static string Cut(string value, int max = 100) => value.Length > max ? value[..max] : value;

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
