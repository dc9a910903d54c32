using Portal.Api.Features.AccessLog;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Privacy;

/// <summary>
/// Erasure of a person (GDPR Art. 17): the user's name and e-mail, and wherever the person appears (orders'
/// notes and delivery attn lines, carts, punchout sessions, access log, approvals, quotes, mails, outbox
/// events), are replaced by a stable pseudonym in one transaction; the user is deactivated, its API clients
/// revoked and the caller cache (Redis) dropped. Orders, invoices and amounts stay (commercial and tax law).
/// </summary>
public sealed class ErasureService(
    PortalDbContext db, CallerContext callers, TenantScope tenant, CallerCache callerCache, AccessLogNote accessLog, TimeProvider clock)
{
    /// <summary>Erases the user <paramref name="id"/> of the selected account (an administrator at the user's unit, or supplier-admin).</summary>
    public async Task<ErasureResult> EraseAsync(Guid id, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No user has the id '{id}'.");
        var path = await db.OrgUnits.AsNoTracking().Where(o => o.Id == user.OrgUnitId).Select(o => o.Path).FirstAsync(cancellationToken);
        callers.Required.RequireRoleAt(path, "erase this user", Roles.Administrator);
        if (callers.Required.UserId == id)
        {
            throw new BusinessRuleException("You cannot erase yourself; ask another administrator.");
        }
        var result = await PseudonymiseAsync(user, cancellationToken);
        accessLog.Set($"user {id} erased");
        return result;
    }

    /// <summary>Replaces the person everywhere (also used by the retention job for long-inactive users). Saves and commits.</summary>
    internal async Task<ErasureResult> PseudonymiseAsync(User user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pseudonym = Pseudonyms.Of(user.Id);
        var mail = Pseudonyms.MailOf(user.Id);
        var secrets = new[] { user.Email, user.Name }.Where(s => !s.StartsWith(Pseudonyms.Prefix, StringComparison.Ordinal)).ToArray();
        var customerId = user.CustomerId;

        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        user.Name = pseudonym;
        user.Email = mail;
        user.Active = false;
        user.DeputyUserId = null;
        user.AbsentFrom = null;
        user.AbsentUntil = null;
        user.SpendingLimit = null;
        user.ErasedAt ??= now;
        user.UpdatedAt = now;
        user.Version++;
        await db.Users.Where(u => u.DeputyUserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeputyUserId, (Guid?)null), cancellationToken);
        await db.ApiClients.IgnoreQueryFilters().Where(c => c.UserId == user.Id && c.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, now), cancellationToken);
        // Clients are often named after their person.
        await db.ApiClients.IgnoreQueryFilters().Where(c => c.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, pseudonym), cancellationToken);

        // Orders: the requester's free text and the delivery attn line; the name or e-mail wherever else a person wrote it.
        var orders = await db.Orders.Include(o => o.Lines).Where(o => o.RequesterId == user.Id).ToListAsync(cancellationToken);
        foreach (var order in orders)
        {
            order.Note = null;
            foreach (var line in order.Lines)
            {
                line.Note = null;
            }
            if (order.DeliveryAddress is { } address)
            {
                address.Name = Pseudonyms.Scrub(address.Name, pseudonym, secrets)!;
                address.Department = Pseudonyms.Scrub(address.Department, pseudonym, secrets);
                address.Street2 = Pseudonyms.Scrub(address.Street2, pseudonym, secrets);
            }
        }
        var others = 0;
        if (secrets.Length > 0)
        {
            foreach (var secret in secrets)
            {
                others += await db.Orders.Where(o => o.CustomerId == customerId && o.Note != null && o.Note.Contains(secret))
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Note, o => o.Note!.Replace(secret, pseudonym)), cancellationToken);
                await db.OrderLines.Where(l => l.CustomerId == customerId && l.Note != null && l.Note.Contains(secret))
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.Note, l => l.Note!.Replace(secret, pseudonym)), cancellationToken);
                await db.Set<Approvals.Approval>().Where(a => a.CustomerId == customerId && a.RejectionReason != null && a.RejectionReason.Contains(secret))
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.RejectionReason, a => a.RejectionReason!.Replace(secret, pseudonym)), cancellationToken);
                await db.AccessLog.Where(e => e.CustomerId == customerId && e.Detail != null && e.Detail.Contains(secret))
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.Detail, e => e.Detail!.Replace(secret, pseudonym)), cancellationToken);
                await db.OutboxMessages.Where(m => m.CustomerId == customerId && m.Body.Contains(secret))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, m => m.Body.Replace(secret, secret == user.Email ? mail : pseudonym)), cancellationToken);
                if (db.Database.IsNpgsql())
                {
                    // Stored answers for retried requests (JSON, kept for the idempotency retention) may show the person too.
                    var replacement = secret == user.Email ? mail : pseudonym;
                    await db.Database.ExecuteSqlInterpolatedAsync($@"UPDATE idempotency_keys SET body = convert_to(replace(convert_from(body, 'UTF8'), {secret}, {replacement}), 'UTF8')
                        WHERE body IS NOT NULL AND content_type LIKE '%json%' AND position(convert_to({secret}, 'UTF8') in body) > 0", cancellationToken);
                }
            }
        }

        // Carts and favourites of the person: their notes; punchout sessions: the return URL (may carry the buyer's user name) and cookie.
        await db.CartLines.Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == user.Id)).ExecuteUpdateAsync(s => s.SetProperty(l => l.Note, (string?)null), cancellationToken);
        await db.PunchoutSessions.Where(s => s.UserId == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.ReturnUrl, "https://erased.invalid/")
            .SetProperty(x => x.BuyerCookie, pseudonym)
            .SetProperty(x => x.Status, x => x.Status == "open" || x.Status == "pending" ? "cancelled" : x.Status), cancellationToken);
        // The access log keeps who did what by id; the person's addresses (IP) go.
        var logged = await db.AccessLog.Where(e => e.UserId == user.Id && e.Ip != null).ExecuteUpdateAsync(s => s.SetProperty(e => e.Ip, (string?)null), cancellationToken);
        // Quotes: the requester's message; mails to the person: address and body.
        await db.Quotes.Where(q => q.RequesterId == user.Id && q.Message != null).ExecuteUpdateAsync(s => s.SetProperty(q => q.Message, (string?)null), cancellationToken);
        var mails = await db.MailMessages.Where(m => secrets.Contains(m.To)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.To, mail).SetProperty(m => m.ToName, (string?)null)
            .SetProperty(m => m.Html, "(erased)").SetProperty(m => m.Text, "(erased)"), cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        // Caches that hold the person (the caller cache, in Redis when configured): drop them.
        await callerCache.InvalidateAllAsync(cancellationToken);
        return new ErasureResult(user.Id, pseudonym, now, orders.Count + others, logged, mails);
    }
}

/// <summary>What an erasure did.</summary>
/// <param name="UserId">The erased user.</param>
/// <param name="Pseudonym">What now stands for the person (stable: the same for every erasure of this user).</param>
/// <param name="ErasedAt">When.</param>
/// <param name="Orders">Orders whose people were pseudonymised (the orders and amounts stay).</param>
/// <param name="AccessLogEntries">Access-log entries of the user whose IP address was removed.</param>
/// <param name="Mails">Mails to the person pseudonymised.</param>
public sealed record ErasureResult(Guid UserId, string Pseudonym, DateTimeOffset ErasedAt, int Orders, int AccessLogEntries, int Mails);
