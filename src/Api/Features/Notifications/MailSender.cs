using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Portal.Api.Features.Webhooks;

namespace Portal.Api.Features.Notifications;

/// <summary>
/// Sends pending mails over SMTP (MailKit), each claimed with a lease like webhook deliveries, retried on
/// the webhook schedule and dead-lettered after as many attempts. Without <c>Portal:Smtp:Host</c> a mail
/// is written to the log instead (embedded mode, development) and marked <c>logged</c>.
/// </summary>
public sealed class MailSender(IServiceScopeFactory scopes, IOptions<PortalOptions> options, TimeProvider clock, ILogger<MailSender> logger)
{
    public const int BatchSize = 20;

    private SmtpOptions Smtp => options.Value.Smtp;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var mode = scope.ServiceProvider.GetRequiredService<DatabaseMode>();
        var claimed = await ClaimAsync(db, mode, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }
        SmtpClient? client = null;
        try
        {
            // Without an SMTP host mails are only logged.
            var logOnly = string.IsNullOrWhiteSpace(Smtp.Host);
            foreach (var mail in claimed)
            {
                mail.AttemptCount++;
                try
                {
                    if (logOnly)
                    {
                        // Ids only: recipient, subject and text are personal data (docs/privacy.md); the mail stays readable in mail_messages.
                        logger.LogInformation("Mail {MailId} ({Template}, {Language}) not sent: no SMTP host; kept in mail_messages", mail.Id, mail.Template, mail.Language);
                        mail.Status = MailStatuses.Logged;
                    }
                    else
                    {
                        client ??= await ConnectAsync(cancellationToken);
                        await client.SendAsync(ToMime(mail), cancellationToken);
                        mail.Status = MailStatuses.Sent;
                        logger.LogInformation("Mail {MailId} ({Template}) sent.", mail.Id, mail.Template);
                    }
                    mail.SentAt = clock.GetUtcNow();
                    mail.LastError = null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    client?.Dispose();
                    client = null;
                    Failed(mail, e);
                }
                mail.LockedUntil = null;
                if (!logOnly)
                {
                    // Sent (or failed) over SMTP: recorded before the next mail goes, so a crash resends none.
                    await db.SaveChangesAsync(CancellationToken.None);
                }
            }
            if (logOnly)
            {
                // Only logged: the batch is recorded in one save; logging one again after a crash is harmless.
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (client is not null)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
                client.Dispose();
            }
        }
        return claimed.Count;
    }

    private void Failed(MailMessage mail, Exception e)
    {
        mail.LastError = e.Message.Length <= 1000 ? e.Message : e.Message[..1000];
        var delays = RetrySchedule.Parse(options.Value.Webhooks.RetrySchedule);
        if (mail.AttemptCount > delays.Count)
        {
            mail.Status = MailStatuses.Dead;
            logger.LogWarning("Mail {MailId} ({Template}) dead-lettered after {Attempts} attempts: {Error}", mail.Id, mail.Template, mail.AttemptCount, mail.LastError);
            return;
        }
        mail.NextAttemptAt = clock.GetUtcNow() + RetrySchedule.DelayAfter(delays, mail.AttemptCount, Random.Shared);
        logger.LogWarning("Mail {MailId} ({Template}) not sent (attempt {Attempt}): {Error}", mail.Id, mail.Template, mail.AttemptCount, mail.LastError);
    }

    private async Task<List<MailMessage>> ClaimAsync(PortalDbContext db, DatabaseMode mode, CancellationToken cancellationToken) =>
        (await LeasedClaims.ClaimAsync<MailMessage>(db, mode, m => m.Status == MailStatuses.Pending, "mail_messages", "status", BatchSize,
            clock.GetUtcNow(), TimeSpan.FromMinutes(2), cancellationToken)).Due;

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = Smtp.UseTls switch
            {
                true when Smtp.Port == 465 => SecureSocketOptions.SslOnConnect,
                true => SecureSocketOptions.StartTls,
                false => SecureSocketOptions.None,
                null => SecureSocketOptions.StartTlsWhenAvailable,
            };
            await client.ConnectAsync(Smtp.Host!, Smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(Smtp.UserName))
            {
                await client.AuthenticateAsync(Smtp.UserName, Smtp.Password ?? string.Empty, cancellationToken);
            }
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private MimeMessage ToMime(MailMessage mail)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Smtp.From));
        message.To.Add(new MailboxAddress(mail.ToName ?? string.Empty, mail.To));
        message.Subject = mail.Subject;
        message.MessageId = $"{mail.Id:N}@portal";
        message.Headers.Add("Content-Language", mail.Language);
        var body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html };
        if (mail.Attachment is { } attachment && mail.AttachmentName is { } name)
        {
            body.Attachments.Add(name, attachment, ContentType.Parse(mail.AttachmentContentType ?? "application/octet-stream"));
        }
        message.Body = body.ToMessageBody();
        return message;
    }
}
