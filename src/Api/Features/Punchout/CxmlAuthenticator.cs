using Microsoft.EntityFrameworkCore;
using Portal.Api.Infrastructure.Data;
using Portal.Punchout.Cxml;
using Portal.Punchout.Security;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// Finds the account a cXML document comes from and checks its shared secret. The account is found by a
/// From credential (Sender as a fallback: some buyer systems put their identity only there), domains and
/// identities compared case-insensitively; the secret is taken from the Sender credential (From as a
/// fallback) and checked in constant time. Every failure gives the same answer, so a caller cannot probe
/// which identities exist.
/// </summary>
public sealed class CxmlAuthenticator(PortalDbContext db)
{
    private static readonly string DummyHash = SharedSecretHasher.Hash("portal-no-such-account");

    public sealed record Authenticated(PunchoutAccount Account, CxmlCredential Buyer, CxmlCredential? Supplier);

    public async Task<Authenticated> AuthenticateAsync(CxmlHeader? header, CancellationToken cancellationToken)
    {
        if (header is null)
        {
            throw new CxmlStatusException(400, "The request has no Header with From, To and Sender credentials.");
        }
        var candidates = header.From.Concat(header.Sender)
            .Where(c => !string.IsNullOrWhiteSpace(c.Domain) && !string.IsNullOrWhiteSpace(c.Identity))
            .Select(c => (Credential: c, Domain: c.Domain.Trim().ToLowerInvariant(), Identity: c.Identity.Trim().ToLowerInvariant()))
            .ToList();
        var domains = candidates.Select(c => c.Domain).Distinct().ToList();
        var identities = candidates.Select(c => c.Identity).Distinct().ToList();
        var matches = await db.PunchoutCredentials.AsNoTracking()
            .Where(c => domains.Contains(c.Domain) && identities.Contains(c.Identity))
            .ToListAsync(cancellationToken);
        // From first, then Sender: the order of the candidate list.
        var match = candidates
            .Select(c => (c.Credential, Stored: matches.FirstOrDefault(m => m.Domain == c.Domain && m.Identity == c.Identity)))
            .FirstOrDefault(x => x.Stored is not null);

        var secret = header.Sender.Concat(header.From).Select(c => c.SharedSecret).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        var account = match.Stored is null ? null : await db.PunchoutAccounts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.CustomerId == match.Stored.CustomerId, cancellationToken);
        var active = account is not null && await db.Customers.AnyAsync(c => c.Id == account.CustomerId && c.Active, cancellationToken);
        // Always hash once, so an unknown identity costs as long as a wrong secret.
        var valid = SharedSecretHasher.Verify(secret, account?.SharedSecretHash ?? DummyHash);
        if (account is null || !valid || !active)
        {
            throw new CxmlStatusException(401, "The credentials or the shared secret are not recognised.");
        }
        return new Authenticated(account, match.Credential, header.To.FirstOrDefault());
    }
}
