using Portal.Api.Features.Events;
using Portal.Api.Features.Notifications;

namespace Portal.Api.Features.Quotes;

/// <summary>
/// The mails of <c>quote.sent</c> (the offer, with the version's PDF attached) and <c>quote.expired</c>, to
/// the quote's requester in their language. Rendered by the outbox fan-out.
/// </summary>
public sealed class QuoteMails(PortalDbContext db, IOptions<PortalOptions> options)
{
    public const string Sent = "quote-sent";
    public const string Expired = "quote-expired";

    public async Task<IReadOnlyList<MailMessage>> ComposeAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (message.Type is not (EventTypes.QuoteSent or EventTypes.QuoteExpired))
        {
            return [];
        }
        using var document = JsonDocument.Parse(message.Body);
        var data = document.RootElement.GetProperty("data");
        var quoteId = data.GetProperty("quoteId").GetGuid();
        var versionNumber = data.GetProperty("version").GetInt32();
        var quote = await db.Set<Quote>().AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(q => q.Id == quoteId, cancellationToken);
        if (quote?.RequesterId is not { } requesterId)
        {
            return []; // requested without a user: nobody to write to
        }
        var user = await db.Users.AsNoTracking().IgnoreQueryFilters().Where(u => u.Id == requesterId && u.Active)
            .Select(u => new { u.Email, u.Name, u.Language }).FirstOrDefaultAsync(cancellationToken);
        var version = await db.Set<QuoteVersion>().AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(v => v.QuoteId == quoteId && v.Number == versionNumber, cancellationToken);
        if (user is null || version is null)
        {
            return [];
        }
        var template = message.Type == EventTypes.QuoteSent ? Sent : Expired;
        var language = MailTemplates.Exists(template, user.Language) ? user.Language : MailLanguages.Default;
        var rendered = MailTemplates.Render(template, language, new Dictionary<string, object?>
        {
            ["name"] = user.Name,
            ["number"] = quote.Number,
            ["version"] = version.Number,
            ["currency"] = version.Currency,
            ["total"] = MailTemplates.Amount(version.Total, language),
            ["saving"] = MailTemplates.Amount(version.Saving, language),
            ["validUntil"] = MailTemplates.Date(version.ValidUntil, language),
            ["quoteUrl"] = $"{options.Value.PublicBaseUrl?.TrimEnd('/') ?? string.Empty}/api/v1/quotes/{quote.Id}",
            ["lines"] = version.Lines.OrderBy(l => l.Position).Take(50).Select(l => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["position"] = l.Position, ["sku"] = l.Sku, ["description"] = l.Description, ["unit"] = l.Unit,
                ["quantity"] = MailTemplates.Quantity(l.Quantity, language),
                ["unitPrice"] = MailTemplates.Amount(l.UnitPrice, language, l.UnitPrice == Math.Round(l.UnitPrice, 2) ? 2 : 4),
                ["lineTotal"] = MailTemplates.Amount(l.LineTotal, language),
                ["currency"] = version.Currency,
            }).ToList(),
        });
        var mail = new MailMessage
        {
            MessageId = message.Id, Template = template, Language = language, To = user.Email, ToName = user.Name,
            Subject = rendered.Subject, Html = rendered.Html, Text = rendered.Text, NextAttemptAt = now, CreatedAt = now,
        };
        if (template == Sent)
        {
            var customer = await db.Customers.AsNoTracking().IgnoreQueryFilters().Where(c => c.Id == quote.CustomerId).Select(c => c.Name).FirstAsync(cancellationToken);
            mail.AttachmentName = $"{quote.Number}-v{version.Number}.pdf";
            mail.AttachmentContentType = "application/pdf";
            mail.Attachment = QuotePdf.Write(quote, version, customer);
        }
        return [mail];
    }
}
