using Portal.Api.Features.Events;
using Portal.Api.Features.Notifications;

namespace Portal.Api.Features.Approvals;

/// <summary>
/// The mails of <c>approval.requested</c> and <c>approval.escalated</c>: one per person who may decide the open
/// level now (deputies of absent approvers included), each with a decision link bound to that person.
/// Rendered by the outbox fan-out in the recipient's language.
/// </summary>
public sealed class ApprovalMails(PortalDbContext db, ApprovalDeciders deciders, ApprovalLinks links)
{
    public const string Template = "approval-request";

    public async Task<IReadOnlyList<MailMessage>> ComposeAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (message.Type is not (EventTypes.ApprovalRequested or EventTypes.ApprovalEscalated))
        {
            return [];
        }
        using var document = JsonDocument.Parse(message.Body);
        var approvalId = document.RootElement.GetProperty("data").GetProperty("approvalId").GetGuid();
        var approval = await db.Set<Approval>().AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(a => a.Id == approvalId, cancellationToken);
        if (approval?.Current is not { } level)
        {
            return []; // decided before the mail went out
        }
        var order = await db.Orders.AsNoTracking().IgnoreQueryFilters().Include(o => o.Lines).FirstAsync(o => o.Id == approval.OrderId, cancellationToken);
        var recipients = await deciders.ForCurrentLevelAsync(approval, cancellationToken);
        var ids = recipients.Keys.ToList();
        var users = await db.Users.AsNoTracking().IgnoreQueryFilters().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.Name, u.Language }).ToListAsync(cancellationToken);
        var mails = new List<MailMessage>();
        foreach (var user in users.OrderBy(u => u.Email, StringComparer.Ordinal))
        {
            var language = MailTemplates.Exists(Template, user.Language) ? user.Language : MailLanguages.Default;
            var rendered = MailTemplates.Render(Template, language, new Dictionary<string, object?>
            {
                ["name"] = user.Name,
                ["number"] = order.Number,
                ["customerReference"] = order.CustomerReference ?? "-",
                ["total"] = MailTemplates.Amount(order.Total, language),
                ["currency"] = order.Currency,
                ["level"] = level.Level,
                ["levels"] = approval.Levels.Count,
                ["escalated"] = When(message.Type == EventTypes.ApprovalEscalated),
                ["onBehalfOf"] = When(recipients[user.Id] is not null),
                ["link"] = links.Url(links.Create(approval, user.Id, level.Level)),
                ["lines"] = order.Lines.OrderBy(l => l.Position).Take(50).Select(l => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                {
                    ["sku"] = l.Sku, ["description"] = l.Description, ["quantity"] = MailTemplates.Quantity(l.Quantity, language), ["unit"] = l.Unit,
                    ["lineTotal"] = MailTemplates.Amount(l.LineTotal, language), ["currency"] = order.Currency,
                }).ToList(),
            });
            mails.Add(new MailMessage
            {
                MessageId = message.Id, Template = Template, Language = language, To = user.Email, ToName = user.Name,
                Subject = rendered.Subject, Html = rendered.Html, Text = rendered.Text, NextAttemptAt = now, CreatedAt = now,
            });
        }
        return mails;
    }

    /// <summary>A template section shown once when <paramref name="condition"/> holds (sections iterate lists).</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> When(bool condition) =>
        condition ? [new Dictionary<string, object?>()] : [];
}
