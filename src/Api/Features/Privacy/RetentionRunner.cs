using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Privacy;

/// <summary>
/// Applies each account's retention (docs/privacy.md): deletes access-log entries past <c>accessLogDays</c>;
/// pseudonymises users deactivated for <c>inactiveUserDays</c> (as an erasure); and after
/// <c>orderPersonalDataDays</c> replaces the people in orders (notes, line notes, the delivery address's person
/// and attn lines unless it is the account's own address), deletes old carts, and pseudonymises punchout sessions
/// and quote messages. Orders, invoices and amounts stay. Each account is its own short transaction.
/// </summary>
public sealed class RetentionRunner(
    PortalDbContext db, TenantScope tenant, ErasureService erasure, IOptions<PortalOptions> options, TimeProvider clock, ILogger<RetentionRunner> logger)
{
    private const int Batch = 500;

    public async Task<RetentionOutcome> RunAsync(CancellationToken cancellationToken)
    {
        tenant.AcrossAccounts();
        var defaults = options.Value.Privacy;
        var now = clock.GetUtcNow();
        var total = new RetentionOutcome(0, 0, 0, 0);
        var customers = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.Name, c.AccessLogDays, c.InactiveUserDays, c.OrderPersonalDataDays }).ToListAsync(cancellationToken);
        foreach (var customer in customers)
        {
            var accessLogBefore = now.AddDays(-(customer.AccessLogDays ?? defaults.AccessLogDays));
            var log = await db.AccessLog.Where(e => e.CustomerId == customer.Id && e.Time < accessLogBefore).ExecuteDeleteAsync(cancellationToken);

            var usersBefore = now.AddDays(-(customer.InactiveUserDays ?? defaults.InactiveUserDays));
            var users = await db.Users.Where(u => u.CustomerId == customer.Id && !u.Active && u.ErasedAt == null && u.UpdatedAt < usersBefore)
                .OrderBy(u => u.Id).Take(Batch).ToListAsync(cancellationToken);
            foreach (var user in users)
            {
                await erasure.PseudonymiseAsync(user, cancellationToken);
            }

            var ordersBefore = now.AddDays(-(customer.OrderPersonalDataDays ?? defaults.OrderPersonalDataDays));
            var orders = await PseudonymiseOrdersAsync(customer.Id, customer.Name, ordersBefore, now, cancellationToken);
            total = new RetentionOutcome(total.AccessLogDeleted + log, total.UsersPseudonymised + users.Count, total.OrdersPseudonymised + orders, total.Accounts + 1);
        }
        // Supplier-side requests (no account): the default period.
        var supplierBefore = now.AddDays(-defaults.AccessLogDays);
        var supplierLog = await db.AccessLog.Where(e => e.CustomerId == null && e.Time < supplierBefore).ExecuteDeleteAsync(cancellationToken);
        total = total with { AccessLogDeleted = total.AccessLogDeleted + supplierLog };
        // Counts only: no names, e-mails or other personal data in logs.
        logger.LogInformation("Retention: {AccessLog} access-log entries deleted, {Users} users and {Orders} orders pseudonymised in {Accounts} accounts",
            total.AccessLogDeleted, total.UsersPseudonymised, total.OrdersPseudonymised, total.Accounts);
        return total;
    }

    private async Task<int> PseudonymiseOrdersAsync(Guid customerId, string accountName, DateTimeOffset before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var own = (await db.Addresses.AsNoTracking().Where(a => a.CustomerId == customerId).Select(a => a.Name).ToListAsync(cancellationToken))
            .Append(accountName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        while (true)
        {
            var orders = await db.Orders.Include(o => o.Lines)
                .Where(o => o.CustomerId == customerId && o.CreatedAt < before && o.PersonalDataErasedAt == null)
                .OrderBy(o => o.CreatedAt).Take(Batch).ToListAsync(cancellationToken);
            if (orders.Count == 0)
            {
                break;
            }
            foreach (var order in orders)
            {
                order.Note = null;
                foreach (var line in order.Lines)
                {
                    line.Note = null;
                }
                if (order.DeliveryAddress is { } address)
                {
                    // The account's own (company) addresses stay; a private person's name goes, and every attn / c/o line.
                    if (!own.Contains(address.Name))
                    {
                        address.Name = Pseudonyms.Of(address.Name);
                    }
                    address.Department = address.Department is null ? null : Pseudonyms.Of(address.Department);
                    address.Street2 = address.Street2 is null ? null : Pseudonyms.Of(address.Street2);
                }
                order.PersonalDataErasedAt = now;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            count += orders.Count;
        }
        await db.Carts.Where(c => c.CustomerId == customerId && c.UpdatedAt < before).ExecuteDeleteAsync(cancellationToken);
        await db.PunchoutSessions.Where(s => s.CustomerId == customerId && s.CreatedAt < before && s.ReturnUrl != "https://erased.invalid/")
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReturnUrl, "https://erased.invalid/").SetProperty(x => x.BuyerCookie, "erased"), cancellationToken);
        await db.Quotes.Where(q => q.CustomerId == customerId && q.CreatedAt < before && q.Message != null)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.Message, (string?)null), cancellationToken);
        return count;
    }
}

/// <summary>What a retention run did.</summary>
public sealed record RetentionOutcome(int AccessLogDeleted, int UsersPseudonymised, int OrdersPseudonymised, int Accounts);
