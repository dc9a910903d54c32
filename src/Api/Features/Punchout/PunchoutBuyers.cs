using System.Net.Mail;
using Portal.Api.Features.Accounts;
using Portal.Punchout.Cxml;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// Maps the buyer of a punchout to a Portal user (by the <c>UserEmail</c> extrinsic or a Contact e-mail),
/// creating a requester on first use where the account allows it, and acts as that user for the rest of
/// the request (tenant scope and caller), so carts, prices and orders follow the usual rules.
/// </summary>
public sealed class PunchoutBuyers(PortalDbContext db, ActAs actAs, TimeProvider clock)
{
    public const string ClientId = "punchout:cxml";

    /// <summary>The buyer's e-mail address from a setup request, or null.</summary>
    public static string? EmailOf(PunchOutSetupRequest request)
    {
        var candidates = new[] { request.Extrinsic("UserEmail"), request.Extrinsic("Email") }
            .Concat(request.Contacts.OrderBy(c => string.Equals(c.Role, "endUser", StringComparison.OrdinalIgnoreCase) ? 0 : 1).Select(c => c.Email))
            .Append(request.Extrinsic("UniqueName"))
            .Append(request.Extrinsic("User"));
        foreach (var candidate in candidates)
        {
            var text = candidate?.Trim();
            if (!string.IsNullOrEmpty(text) && text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text)
            {
                return text.ToLowerInvariant();
            }
        }
        return null;
    }

    private static string NameOf(PunchOutSetupRequest request, string email)
    {
        // FirstName/LastName first: buyer systems (Coupa) often put the login or e-mail in the Contact's Name.
        var contact = request.Contacts.Select(c => c.Name?.Trim()).FirstOrDefault(n => !string.IsNullOrEmpty(n) && !n.Contains('@'));
        var first = request.Extrinsic("FirstName")?.Trim();
        var last = request.Extrinsic("LastName")?.Trim();
        var name = string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrEmpty(s)));
        name = name.Length > 0 ? name : contact ?? string.Empty;
        name = string.IsNullOrWhiteSpace(name) ? email : name;
        return name.Length > 200 ? name[..200] : name;
    }

    /// <summary>The active user for the setup request's buyer, created as a requester when allowed.</summary>
    public async Task<User> ResolveAsync(PunchoutAccount account, PunchOutSetupRequest request, CancellationToken cancellationToken)
    {
        // Lenient: a buyer system that sends no e-mail address shops as the account's default buyer, where one is configured.
        var email = EmailOf(request) ?? account.DefaultBuyerEmail
            ?? throw new CxmlStatusException(400, "The buyer's e-mail address is missing: send it in the UserEmail extrinsic or a Contact Email.");
        return await ResolveAsync(account, email, NameOf(request, email), cancellationToken);
    }

    /// <summary>The active user with <paramref name="email"/>, created as a requester named <paramref name="name"/> when the account allows it.</summary>
    public async Task<User> ResolveAsync(PunchoutAccount account, string email, string name, CancellationToken cancellationToken)
    {
        var user = await FindAsync(account.CustomerId, email, cancellationToken);
        if (user is null)
        {
            if (!account.AutoCreateUsers)
            {
                throw new CxmlStatusException(403, "The buyer is not a user of this account, and the account does not create users on first punchout.");
            }
            var unitId = account.DefaultOrgUnitId
                ?? await db.OrgUnits.IgnoreQueryFilters().Where(o => o.CustomerId == account.CustomerId && o.ParentId == null).Select(o => o.Id).FirstAsync(cancellationToken);
            var now = clock.GetUtcNow();
            user = new User { CustomerId = account.CustomerId, Email = email, Name = name, OrgUnitId = unitId, CreatedAt = now, UpdatedAt = now };
            user.Roles.Add(new RoleAssignment { CustomerId = account.CustomerId, UserId = user.Id, Role = Roles.Requester, OrgUnitId = unitId });
            db.Users.Add(user);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same new buyer punched out twice at once: the other request created the user.
                db.ChangeTracker.Clear();
                user = await FindAsync(account.CustomerId, email, cancellationToken)
                    ?? throw new CxmlStatusException(560, "The user could not be created; retry.");
            }
        }
        if (!user.Active)
        {
            throw new CxmlStatusException(403, "The buyer's user is deactivated in this account.");
        }
        return user;
    }

    private Task<User?> FindAsync(Guid customerId, string email, CancellationToken cancellationToken) =>
        db.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.CustomerId == customerId && u.Email == email, cancellationToken);

    /// <summary>Acts for the account (and the user, when known) for the rest of this request.</summary>
    public Task<Caller> ActAsAsync(Guid customerId, Guid? userId, CancellationToken cancellationToken) =>
        actAs.UserAsync(ClientId, customerId, userId, cancellationToken);
}
