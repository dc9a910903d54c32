using Portal.Punchout.Security;

namespace Portal.Api.Features.Punchout;

/// <summary>Stores an account's punchout set-up (supplier-admin only).</summary>
/// <remarks>The request's parts it needs (the public cXML endpoint URL, the If-Match header) are passed in by the controller.</remarks>
public sealed class PunchoutSettingsService(PortalDbContext db, EntityTags tags, TimeProvider clock, Outbound.CxmlOutboundSettings outboundSettings)
{
    public const int MinSecretLength = 8;

    public async Task<PunchoutSettingsDto> GetAsync(Guid customerId, string endpointUrl, CancellationToken cancellationToken)
    {
        await RequireCustomerAsync(customerId, cancellationToken);
        var account = await db.PunchoutAccounts.AsNoTracking().Include(a => a.Credentials)
            .FirstOrDefaultAsync(a => a.CustomerId == customerId, cancellationToken);
        if (account is not null)
        {
            tags.Answer(account.Version);
        }
        return ToDto(customerId, account, endpointUrl);
    }

    public async Task<PunchoutSettingsDto> PutAsync(Guid customerId, PutPunchoutSettingsRequest request, string endpointUrl, string? ifMatch, CancellationToken cancellationToken)
    {
        await RequireCustomerAsync(customerId, cancellationToken);
        var account = await db.PunchoutAccounts.Include(a => a.Credentials).FirstOrDefaultAsync(a => a.CustomerId == customerId, cancellationToken);
        if (account is not null)
        {
            tags.RequireMatch(account.Version, "punchout set-up");
        }
        else if (!string.IsNullOrEmpty(ifMatch) && ifMatch.Trim() != "*")
        {
            throw new PreconditionFailedException("The account has no punchout set-up yet (If-Match names a version that does not exist).");
        }
        var errors = new ValidationErrors();
        if (request.Cxml is null && request.Oci is null && (account is null || request.DefaultBuyerEmail is null))
        {
            errors.Add("cxml", "Send the cXML settings, the OCI settings or both.");
            errors.ThrowIfAny();
        }
        var cxml = request.Cxml is null ? null : await ValidateCxmlAsync(customerId, request.Cxml, account, errors, cancellationToken);
        var oci = request.Oci is null ? null : ValidateOci(request.Oci, account, errors);
        var buyerEmail = request.DefaultBuyerEmail?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(buyerEmail) && (buyerEmail.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(buyerEmail, out var parsed) || parsed.Address != buyerEmail))
        {
            errors.Add("defaultBuyerEmail", "An e-mail address (at most 254 characters).");
        }
        if (oci is not null && string.IsNullOrEmpty(buyerEmail) && (request.DefaultBuyerEmail is not null || account?.DefaultBuyerEmail is null))
        {
            errors.Add("defaultBuyerEmail", "OCI carries no user: name the Portal user OCI sessions shop as.");
        }
        if (request.Cxml is not null)
        {
            outboundSettings.Validate(request.Cxml, errors);
        }
        errors.ThrowIfAny();
        if (request.Cxml is not null)
        {
            await outboundSettings.CheckUrlAsync(request.Cxml, cancellationToken);
        }

        if (cxml is not null)
        {
            await RequireFreeCredentialsAsync(customerId, cxml.Credentials, cancellationToken);
        }
        if (oci is not null && await db.PunchoutAccounts.AnyAsync(a => a.CustomerId != customerId && a.OciUsername == oci.Username, cancellationToken))
        {
            throw new ConflictException($"The OCI username {oci.Username} identifies another account already.");
        }

        var now = clock.GetUtcNow();
        if (account is null)
        {
            account = new PunchoutAccount { CustomerId = customerId };
            db.PunchoutAccounts.Add(account);
        }
        if (cxml is not null)
        {
            ApplyCxml(account, cxml);
            outboundSettings.Apply(account, request.Cxml!);
        }
        if (oci is not null)
        {
            account.OciUsername = oci.Username;
            account.OciPasswordHash = oci.Password is null ? account.OciPasswordHash : SharedSecretHasher.Hash(oci.Password);
            account.OciAllowedHookUrls = oci.HookUrls;
            account.OciCharset = oci.Charset;
            account.OciVendorNumber = oci.VendorNumber is null ? account.OciVendorNumber : oci.VendorNumber.Length == 0 ? null : oci.VendorNumber;
        }
        if (request.DefaultBuyerEmail is not null)
        {
            account.DefaultBuyerEmail = string.IsNullOrEmpty(buyerEmail) ? null : buyerEmail;
        }
        account.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("The punchout set-up was changed by another request at the same time. Read it again and retry.");
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("The settings or one of the credentials changed at the same time. Read them again and retry.");
        }
        tags.Answer(account.Version);
        return ToDto(customerId, account, endpointUrl);
    }

    private sealed record CxmlInput(List<(string Domain, string Identity)> Credentials, string? Secret, List<string> Urls, bool AutoCreateUsers, Guid? DefaultOrgUnitId, string Encoding);

    private sealed record OciInput(string Username, string? Password, List<string> HookUrls, string? Charset, string? VendorNumber);

    private async Task<CxmlInput> ValidateCxmlAsync(Guid customerId, CxmlSettingsInput input, PunchoutAccount? account, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var credentials = new List<(string Domain, string Identity)>();
        if (input.Credentials is not { Count: > 0 and <= 20 })
        {
            errors.Add("cxml.credentials", "Send 1 to 20 credentials.");
        }
        else
        {
            for (var i = 0; i < input.Credentials.Count; i++)
            {
                var domain = input.Credentials[i].Domain?.Trim().ToLowerInvariant();
                var identity = input.Credentials[i].Identity?.Trim().ToLowerInvariant();
                if (string.IsNullOrEmpty(domain) || domain.Length > 100)
                {
                    errors.Add($"cxml.credentials[{i}].domain", "The domain is required (at most 100 characters).");
                }
                if (string.IsNullOrEmpty(identity) || identity.Length > 200)
                {
                    errors.Add($"cxml.credentials[{i}].identity", "The identity is required (at most 200 characters).");
                }
                if (!string.IsNullOrEmpty(domain) && !string.IsNullOrEmpty(identity) && !credentials.Contains((domain, identity)))
                {
                    credentials.Add((domain, identity));
                }
            }
        }

        var secret = input.SharedSecret;
        if (secret is null && account?.SharedSecretHash is null)
        {
            errors.Add("cxml.sharedSecret", "The shared secret is required when punchout is set up.");
        }
        else if (secret is not null && (secret.Length < MinSecretLength || secret.Length > 200 || secret.Trim() != secret))
        {
            errors.Add("cxml.sharedSecret", $"The shared secret has {MinSecretLength} to 200 characters and no surrounding spaces.");
        }

        var urls = Prefixes(input.AllowedReturnUrls, "cxml.allowedReturnUrls", errors);
        var encoding = input.FormEncoding?.Trim().ToLowerInvariant() ?? account?.FormEncoding ?? PunchoutFormEncodings.Base64;
        if (encoding is not (PunchoutFormEncodings.Base64 or PunchoutFormEncodings.UrlEncoded))
        {
            errors.Add("cxml.formEncoding", $"The form encoding is {PunchoutFormEncodings.Base64} or {PunchoutFormEncodings.UrlEncoded}.");
        }

        if (input.DefaultOrgUnitId is { } unitId
            && !await db.OrgUnits.IgnoreQueryFilters().AnyAsync(o => o.Id == unitId && o.CustomerId == customerId, cancellationToken))
        {
            errors.Add("cxml.defaultOrgUnitId", "No org unit of this account has this id.");
        }
        return new CxmlInput(credentials, secret, urls, input.AutoCreateUsers ?? false, input.DefaultOrgUnitId, encoding);
    }

    private static OciInput ValidateOci(OciSettingsInput input, PunchoutAccount? account, ValidationErrors errors)
    {
        var username = input.Username?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(username) || username.Length > 100)
        {
            errors.Add("oci.username", "The username is required (at most 100 characters).");
        }
        var password = input.Password;
        if (password is null && account?.OciPasswordHash is null)
        {
            errors.Add("oci.password", "The password is required when OCI is set up.");
        }
        else if (password is not null && (password.Length < MinSecretLength || password.Length > 200 || password.Trim() != password))
        {
            errors.Add("oci.password", $"The password has {MinSecretLength} to 200 characters and no surrounding spaces.");
        }
        var urls = Prefixes(input.AllowedHookUrls, "oci.allowedHookUrls", errors);
        string? charset = null;
        if (!string.IsNullOrWhiteSpace(input.Charset))
        {
            charset = Portal.Punchout.Oci.OciFields.NormalizeCharset(input.Charset);
            if (charset == "UTF-8" && !input.Charset.Trim().Replace("-", string.Empty).Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("oci.charset", "A charset name .NET knows, e.g. UTF-8, ISO-8859-1 or windows-1252.");
            }
        }
        var vendor = input.VendorNumber?.Trim();
        if (vendor is { Length: > 0 } && (vendor.Length > Portal.Punchout.Oci.OciFields.Lengths["VENDOR"] || !vendor.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("oci.vendorNumber", "The vendor number has at most 10 letters or digits (OCI NEW_ITEM-VENDOR).");
        }
        return new OciInput(username ?? string.Empty, password, urls, charset, vendor);
    }

    private static List<string> Prefixes(IReadOnlyList<string>? input, string field, ValidationErrors errors)
    {
        var urls = new List<string>();
        if (input is not { Count: > 0 and <= 20 })
        {
            errors.Add(field, "Send 1 to 20 URL prefixes.");
            return urls;
        }
        for (var i = 0; i < input.Count; i++)
        {
            var url = input[i]?.Trim();
            if (ReturnUrlPolicy.ValidatePrefix(url) is { } problem)
            {
                errors.Add($"{field}[{i}]", problem);
            }
            else if (!urls.Contains(url!, StringComparer.OrdinalIgnoreCase))
            {
                urls.Add(url!);
            }
        }
        return urls;
    }

    private async Task RequireFreeCredentialsAsync(Guid customerId, List<(string Domain, string Identity)> credentials, CancellationToken cancellationToken)
    {
        var domains = credentials.Select(c => c.Domain).Distinct().ToList();
        var identities = credentials.Select(c => c.Identity).Distinct().ToList();
        var taken = await db.PunchoutCredentials
            .Where(c => c.CustomerId != customerId && domains.Contains(c.Domain) && identities.Contains(c.Identity))
            .Select(c => new { c.Domain, c.Identity })
            .ToListAsync(cancellationToken);
        var clash = taken.FirstOrDefault(t => credentials.Contains((t.Domain, t.Identity)));
        if (clash is not null)
        {
            throw new ConflictException($"The credential {clash.Domain}/{clash.Identity} identifies another account already.");
        }
    }

    private void ApplyCxml(PunchoutAccount account, CxmlInput input)
    {
        if (input.Secret is not null)
        {
            account.SharedSecretHash = SharedSecretHasher.Hash(input.Secret);
        }
        account.AllowedReturnUrls = input.Urls;
        account.AutoCreateUsers = input.AutoCreateUsers;
        account.DefaultOrgUnitId = input.DefaultOrgUnitId;
        account.FormEncoding = input.Encoding;
        db.PunchoutCredentials.RemoveRange(account.Credentials.Where(c => !input.Credentials.Contains((c.Domain, c.Identity))));
        foreach (var (domain, identity) in input.Credentials.Where(c => !account.Credentials.Any(x => x.Domain == c.Domain && x.Identity == c.Identity)))
        {
            // Added through the set: a new row with a client-generated key found only through the navigation would be taken for an existing one.
            var credential = new PunchoutCredential { CustomerId = account.CustomerId, Domain = domain, Identity = identity };
            db.PunchoutCredentials.Add(credential);
            // Relationship fix-up has usually put it into the tracked account's collection already: never twice.
            if (!account.Credentials.Contains(credential))
            {
                account.Credentials.Add(credential);
            }
        }
    }

    private async Task RequireCustomerAsync(Guid customerId, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new NotFoundException($"No customer account has the id '{customerId}'.");
        }
    }

    private static PunchoutSettingsDto ToDto(Guid customerId, PunchoutAccount? account, string endpointUrl) => new(
        customerId,
        account?.SharedSecretHash is null ? null : new CxmlSettingsDto(
            account.Credentials.OrderBy(c => c.Domain).ThenBy(c => c.Identity).Select(c => new CxmlCredentialDto(c.Domain, c.Identity)).ToList(),
            true, account.AllowedReturnUrls, account.AutoCreateUsers, account.DefaultOrgUnitId, account.FormEncoding,
            endpointUrl, account.UpdatedAt, account.CxmlOutboundUrl, account.CxmlOutboundSecretProtected is not null, account.CxmlSignInvoices),
        account?.OciUsername is null ? null : new OciSettingsDto(account.OciUsername, account.OciPasswordHash is not null, account.OciAllowedHookUrls,
            account.OciCharset ?? "UTF-8", endpointUrl[..^"cxml".Length] + "oci", account.OciVendorNumber),
        account?.DefaultBuyerEmail);
}
