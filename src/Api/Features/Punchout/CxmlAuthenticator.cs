using Portal.Punchout.Cxml;
using Portal.Punchout.Security;
using Portal.Punchout.Transport;

namespace Portal.Api.Features.Punchout;

/// <summary>A cXML sender authenticated as a punchout account.</summary>
public sealed record PunchoutSender(PunchoutAccount Account, CxmlCredential Buyer, CxmlCredential? Supplier) : CxmlSender(Buyer, Supplier);

/// <summary>
/// Finds the account a cXML document comes from and checks its shared secret, in one database query
/// (credential, account and the customer's status together). The account is found by a From credential
/// (Sender as a fallback: some buyer systems put their identity only there), domains and identities
/// compared case-insensitively; the secret is taken from the Sender credential (From as a fallback) and
/// checked in constant time. Every failure gives the same answer, so a caller cannot probe which
/// identities exist.
/// </summary>
public sealed class CxmlAuthenticator(PortalDbContext db) : ICxmlSenderAuthenticator
{
    private static readonly string DummyHash = SharedSecretHasher.Hash("portal-no-such-account");

    public async Task<CxmlSender> AuthenticateAsync(CxmlHeader? header, CancellationToken cancellationToken)
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
        var matches = await (
                from credential in db.PunchoutCredentials
                join account in db.PunchoutAccounts on credential.CustomerId equals account.CustomerId
                join customer in db.Customers on account.CustomerId equals customer.Id
                where domains.Contains(credential.Domain) && identities.Contains(credential.Identity)
                select new { credential.Domain, credential.Identity, Account = account, customer.Active })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        // From first, then Sender: the order of the candidate list.
        var match = candidates
            .Select(c => (c.Credential, Stored: matches.FirstOrDefault(m => m.Domain == c.Domain && m.Identity == c.Identity)))
            .FirstOrDefault(x => x.Stored is not null);

        var secret = header.Sender.Concat(header.From).Select(c => c.SharedSecret).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        // Always hash once, so an unknown identity costs as long as a wrong secret.
        var valid = SharedSecretHasher.Verify(secret, match.Stored?.Account.SharedSecretHash ?? DummyHash);
        if (match.Stored is null || !valid || !match.Stored.Active || match.Stored.Account.SharedSecretHash is null)
        {
            throw new CxmlStatusException(401, "The credentials or the shared secret are not recognised.");
        }
        return new PunchoutSender(match.Stored.Account, match.Credential, header.To.FirstOrDefault());
    }
}
