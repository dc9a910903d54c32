using Portal.Punchout.Security;

namespace Portal.Api.Features.Punchout;

/// <summary>Stores an account's punchout set-up (supplier-admin only).</summary>
/// <remarks>The request's parts it needs (the public cXML endpoint URL, the If-Match header) are passed in by the controller.</remarks>
public sealed class PunchoutSettingsService(PortalDbContext db, EntityTags tags, TimeProvider clock)
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
        var input = request.Cxml;
        var errors = new ValidationErrors();
        if (input is null)
        {
            errors.Add("cxml", "Send the cXML settings.");
            errors.ThrowIfAny();
        }

        var credentials = new List<(string Domain, string Identity)>();
        if (input!.Credentials is not { Count: > 0 and <= 20 })
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
        if (secret is null && account is null)
        {
            errors.Add("cxml.sharedSecret", "The shared secret is required when punchout is set up.");
        }
        else if (secret is not null && (secret.Length < MinSecretLength || secret.Length > 200 || secret.Trim() != secret))
        {
            errors.Add("cxml.sharedSecret", $"The shared secret has {MinSecretLength} to 200 characters and no surrounding spaces.");
        }

        var urls = new List<string>();
        if (input.AllowedReturnUrls is not { Count: > 0 and <= 20 })
        {
            errors.Add("cxml.allowedReturnUrls", "Send 1 to 20 URL prefixes.");
        }
        else
        {
            for (var i = 0; i < input.AllowedReturnUrls.Count; i++)
            {
                var url = input.AllowedReturnUrls[i]?.Trim();
                if (ReturnUrlPolicy.ValidatePrefix(url) is { } problem)
                {
                    errors.Add($"cxml.allowedReturnUrls[{i}]", problem);
                }
                else if (!urls.Contains(url!, StringComparer.OrdinalIgnoreCase))
                {
                    urls.Add(url!);
                }
            }
        }

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
        errors.ThrowIfAny();

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

        var now = clock.GetUtcNow();
        if (account is null)
        {
            account = new PunchoutAccount { CustomerId = customerId, SharedSecretHash = SharedSecretHasher.Hash(secret!) };
            db.PunchoutAccounts.Add(account);
        }
        else if (secret is not null)
        {
            account.SharedSecretHash = SharedSecretHasher.Hash(secret);
        }
        account.AllowedReturnUrls = urls;
        account.AutoCreateUsers = input.AutoCreateUsers ?? false;
        account.DefaultOrgUnitId = input.DefaultOrgUnitId;
        account.FormEncoding = encoding;
        account.UpdatedAt = now;
        db.PunchoutCredentials.RemoveRange(account.Credentials.Where(c => !credentials.Contains((c.Domain, c.Identity))));
        foreach (var (domain, identity) in credentials.Where(c => !account.Credentials.Any(x => x.Domain == c.Domain && x.Identity == c.Identity)))
        {
            // Added through the set: a new row with a client-generated key found only through the navigation would be taken for an existing one.
            var credential = new PunchoutCredential { CustomerId = customerId, Domain = domain, Identity = identity };
            db.PunchoutCredentials.Add(credential);
            // Relationship fix-up has usually put it into the tracked account's collection already: never twice.
            if (!account.Credentials.Contains(credential))
            {
                account.Credentials.Add(credential);
            }
        }
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

    private async Task RequireCustomerAsync(Guid customerId, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new NotFoundException($"No customer account has the id '{customerId}'.");
        }
    }

    private static PunchoutSettingsDto ToDto(Guid customerId, PunchoutAccount? account, string endpointUrl) => new(customerId, account is null ? null : new CxmlSettingsDto(
        account.Credentials.OrderBy(c => c.Domain).ThenBy(c => c.Identity).Select(c => new CxmlCredentialDto(c.Domain, c.Identity)).ToList(),
        true, account.AllowedReturnUrls, account.AutoCreateUsers, account.DefaultOrgUnitId, account.FormEncoding,
        endpointUrl, account.UpdatedAt));
}
