using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;

namespace Portal.Api.Features.Notifications;

/// <summary>
/// Decides which mails an event causes and renders them in the recipient's language: the order
/// confirmation to the requester (<c>order.submitted</c>) and the shipping notice with tracking
/// (<c>order.status_changed</c> to shipped). Runs inside the fan-out's transaction.
/// </summary>
public sealed class MailComposer(PortalDbContext db, IOptions<PortalOptions> options, Approvals.ApprovalMails approvalMails, Quotes.QuoteMails quoteMails)
{
    public const string OrderConfirmation = "order-confirmation";
    public const string OrderShipped = "order-shipped";
    public const string ReplenishmentRun = "replenishment-run";

    public async Task<IReadOnlyList<MailMessage>> ComposeAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (message.Type)
        {
            case EventTypes.OrderSubmitted:
            {
                var order = Data<OrderSubmittedData>(message);
                return await ToRequesterAsync(message, order.RequesterId, OrderConfirmation, now, language => new Dictionary<string, object?>
                {
                    ["number"] = order.Number,
                    ["customerReference"] = order.CustomerReference ?? "-",
                    ["placedAt"] = MailTemplates.Date(order.CreatedAt, language),
                    ["currency"] = order.Currency,
                    ["total"] = MailTemplates.Amount(order.Total, language),
                    ["orderUrl"] = OrderUrl(order.OrderId),
                    ["lines"] = order.Lines.Select(l => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                    {
                        ["position"] = l.Position, ["sku"] = l.Sku, ["description"] = l.Description, ["unit"] = l.Unit,
                        ["quantity"] = MailTemplates.Quantity(l.Quantity, language),
                        ["unitPrice"] = MailTemplates.Amount(l.UnitPrice, language, l.UnitPrice == Math.Round(l.UnitPrice, 2) ? 2 : 4),
                        ["lineTotal"] = MailTemplates.Amount(l.LineTotal, language),
                        ["currency"] = order.Currency,
                    }).ToList(),
                }, cancellationToken);
            }
            case EventTypes.OrderStatusChanged:
            {
                var change = Data<OrderStatusChangedData>(message);
                if (change.To != OrderStatuses.Shipped)
                {
                    return [];
                }
                var requester = await db.Orders.AsNoTracking().Where(o => o.Id == change.OrderId).Select(o => o.RequesterId).FirstOrDefaultAsync(cancellationToken);
                return await ToRequesterAsync(message, requester, OrderShipped, now, language => new Dictionary<string, object?>
                {
                    ["number"] = change.Number,
                    ["carrier"] = change.Carrier ?? "-",
                    ["trackingNumber"] = change.TrackingNumber ?? "-",
                    ["shippedAt"] = MailTemplates.Date(change.ChangedAt, language),
                }, cancellationToken);
            }
            case EventTypes.QuoteSent or EventTypes.QuoteExpired:
                // The requester, the offer's PDF attached to quote.sent.
                return await quoteMails.ComposeAsync(message, now, cancellationToken);
            case EventTypes.ReplenishmentRan:
            {
                // The schedule's owner: what the run prepared or placed, and the lines moved or left out.
                var run = Data<Reordering.ReplenishmentRanData>(message);
                return await ToRequesterAsync(message, run.OwnerUserId, ReplenishmentRun, now, language => new Dictionary<string, object?>
                {
                    ["template"] = run.TemplateName,
                    ["outcome"] = run.Outcome,
                    ["message"] = run.Message ?? "-",
                    ["dueAt"] = MailTemplates.Date(run.DueAt, language),
                    ["nextRunAt"] = MailTemplates.Date(run.NextRunAt, language),
                    ["link"] = run.OrderId is { } orderId ? OrderUrl(orderId) : run.CartId is { } cartId ? $"{options.Value.PublicBaseUrl?.TrimEnd('/')}/api/v1/carts/{cartId}" : "-",
                    ["notes"] = run.Notes.Take(50).Select(n => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                    {
                        ["sku"] = n.Sku, ["action"] = n.Action, ["message"] = n.Message,
                    }).ToList(),
                }, cancellationToken);
            }
            default:
                // approval.requested / approval.escalated: the approvers, each with their own decision link.
                return await approvalMails.ComposeAsync(message, now, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<MailMessage>> ToRequesterAsync(
        OutboxMessage message, Guid? requesterId, string template, DateTimeOffset now,
        Func<string, Dictionary<string, object?>> model, CancellationToken cancellationToken)
    {
        if (requesterId is null)
        {
            return []; // placed by a supplier-side client or a system without a user: nobody to write to
        }
        // One fan-out batch (this scope) often holds many events of one requester: a CSV import's orders.
        if (!recipients.TryGetValue(requesterId.Value, out var user))
        {
            recipients[requesterId.Value] = user = await db.Users.AsNoTracking().Where(u => u.Id == requesterId && u.Active)
                .Select(u => new Recipient(u.Email, u.Name, u.Language)).FirstOrDefaultAsync(cancellationToken);
        }
        if (user is null)
        {
            return [];
        }
        var language = MailTemplates.Exists(template, user.Language) ? user.Language : MailLanguages.Default;
        var values = model(language);
        values["name"] = user.Name;
        var rendered = MailTemplates.Render(template, language, values);
        return
        [
            new MailMessage
            {
                MessageId = message.Id, Template = template, Language = language, To = user.Email, ToName = user.Name,
                Subject = rendered.Subject, Html = rendered.Html, Text = rendered.Text, NextAttemptAt = now, CreatedAt = now,
            },
        ];
    }

    private sealed record Recipient(string Email, string Name, string Language);

    /// <summary>Requesters read by this composer (it lives for one fan-out batch): an active user or null.</summary>
    private readonly Dictionary<Guid, Recipient?> recipients = [];

    private string OrderUrl(Guid orderId)
    {
        var baseUrl = options.Value.PublicBaseUrl?.TrimEnd('/') ?? string.Empty;
        return $"{baseUrl}/api/v1/orders/{orderId}";
    }

    private static T Data<T>(OutboxMessage message)
    {
        using var document = JsonDocument.Parse(message.Body);
        return document.RootElement.GetProperty("data").Deserialize<T>(OutboxMessage.Json)
            ?? throw new InvalidOperationException($"The event {message.EventId} has no data.");
    }
}
