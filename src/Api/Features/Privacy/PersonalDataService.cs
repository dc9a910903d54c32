using Portal.Api.Features.AccessLog;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Privacy;

/// <summary>Everything Portal holds about a person (GDPR Art. 15 access, Art. 20 portability), as one JSON document.</summary>
/// <param name="ExportedAt">When the export was made.</param>
/// <param name="User">The user with roles.</param>
/// <param name="Orders">Orders the user placed, with lines, history and the delivery address (newest first, up to 5,000).</param>
/// <param name="Carts">The user's carts with their lines.</param>
/// <param name="Quotes">Quotes the user requested.</param>
/// <param name="PunchoutSessions">Punchout sessions of the user.</param>
/// <param name="AccessLog">Requests the user made or that concerned the user (newest first, up to 5,000).</param>
/// <param name="Mails">Mails sent to the user.</param>
/// <param name="ApiClients">The API clients that act as the user.</param>
public sealed record PersonalDataExport(
    DateTimeOffset ExportedAt, UserDto User, IReadOnlyList<OrderDto> Orders, IReadOnlyList<PersonalCart> Carts, IReadOnlyList<PersonalQuote> Quotes,
    IReadOnlyList<PersonalPunchoutSession> PunchoutSessions, IReadOnlyList<PersonalAccessLogEntry> AccessLog, IReadOnlyList<PersonalMail> Mails,
    IReadOnlyList<PersonalApiClient> ApiClients);

public sealed record PersonalApiClient(string ClientId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record PersonalCart(Guid Id, string Name, DateTimeOffset CreatedAt, IReadOnlyList<PersonalCartLine> Lines);

public sealed record PersonalCartLine(string Sku, decimal Quantity, string? Note);

public sealed record PersonalQuote(Guid Id, string Number, string Status, string? Message, decimal? Total, string Currency, DateTimeOffset CreatedAt);

public sealed record PersonalPunchoutSession(Guid Id, string Protocol, string Status, DateTimeOffset CreatedAt, DateTimeOffset? TransferredAt);

public sealed record PersonalAccessLogEntry(DateTimeOffset Time, string Action, string Resource, int Outcome, string? Ip);

public sealed record PersonalMail(string Template, string Subject, string To, string Status, DateTimeOffset CreatedAt);

public sealed class PersonalDataService(PortalDbContext db, CallerContext callers, TenantScope tenant, AccessLogNote accessLog, TimeProvider clock)
{
    private const int MaxRows = 5_000;

    public async Task<PersonalDataExport> ExportAsync(Guid id, CancellationToken cancellationToken)
    {
        tenant.RequireCustomer();
        var user = await db.Users.AsNoTracking().Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No user has the id '{id}'.");
        var path = await db.OrgUnits.AsNoTracking().Where(o => o.Id == user.OrgUnitId).Select(o => o.Path).FirstAsync(cancellationToken);
        if (callers.Required.UserId != id)
        {
            callers.Required.RequireRoleAt(path, "export this user's personal data", Roles.Administrator);
        }

        var orders = await db.Orders.AsNoTracking().AsSplitQuery().Include(o => o.Lines).Include(o => o.History)
            .Where(o => o.RequesterId == id).OrderByDescending(o => o.CreatedAt).Take(MaxRows).ToListAsync(cancellationToken);
        var carts = await db.Carts.AsNoTracking().Include(c => c.Lines).Where(c => c.UserId == id).OrderBy(c => c.CreatedAt).Take(MaxRows).ToListAsync(cancellationToken);
        var quotes = await db.Quotes.AsNoTracking().Where(q => q.RequesterId == id).OrderBy(q => q.Number).Take(MaxRows)
            .Select(q => new PersonalQuote(q.Id, q.Number, q.Status, q.Message, q.Total, q.Currency, q.CreatedAt)).ToListAsync(cancellationToken);
        var sessions = await db.PunchoutSessions.AsNoTracking().Where(s => s.UserId == id).OrderBy(s => s.CreatedAt).Take(MaxRows)
            .Select(s => new PersonalPunchoutSession(s.Id, s.Protocol, s.Status, s.CreatedAt, s.TransferredAt)).ToListAsync(cancellationToken);
        var resource = "/" + id;
        var log = await db.AccessLog.AsNoTracking().Where(e => e.UserId == id || (e.CustomerId == user.CustomerId && e.Resource.Contains(resource)))
            .OrderByDescending(e => e.Id).Take(MaxRows)
            .Select(e => new PersonalAccessLogEntry(e.Time, e.Action, e.Resource, e.Outcome, e.Ip)).ToListAsync(cancellationToken);
        var mails = await db.MailMessages.AsNoTracking().Where(m => m.To == user.Email).OrderBy(m => m.CreatedAt).Take(MaxRows)
            .Select(m => new PersonalMail(m.Template, m.Subject, m.To, m.Status, m.CreatedAt)).ToListAsync(cancellationToken);
        var clients = await db.ApiClients.AsNoTracking().Where(c => c.UserId == id).OrderBy(c => c.CreatedAt)
            .Select(c => new PersonalApiClient(c.ClientId, c.Name, c.CreatedAt, c.RevokedAt)).ToListAsync(cancellationToken);
        accessLog.Set($"personal data of user {id} exported");
        return new PersonalDataExport(
            clock.GetUtcNow(), UserService.ToDto(user), orders.Select(o => OrderService.ToDto(o, [])).ToList(),
            carts.Select(c => new PersonalCart(c.Id, c.Name, c.CreatedAt, c.Lines.OrderBy(l => l.Position).Select(l => new PersonalCartLine(l.Sku, l.Quantity, l.Note)).ToList())).ToList(),
            quotes, sessions, log, mails, clients);
    }
}
