namespace Portal.Api.Features.Notifications;

/// <summary>
/// A rendered e-mail waiting to be sent (or sent). The dispatcher renders it from an outbox event once, in
/// the same transaction that marks the event dispatched, so two instances never write two of it.
/// </summary>
public sealed class MailMessage : ILeasedAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid MessageId { get; set; }

    /// <summary>Which template made it (<c>order-confirmation</c>, <c>order-shipped</c>, ...).</summary>
    public required string Template { get; set; }

    public required string Language { get; set; }

    public required string To { get; set; }

    public string? ToName { get; set; }

    public required string Subject { get; set; }

    public required string Html { get; set; }

    public required string Text { get; set; }

    /// <summary>An attached document (a quote's PDF), or null.</summary>
    public byte[]? Attachment { get; set; }

    public string? AttachmentName { get; set; }

    public string? AttachmentContentType { get; set; }

    /// <summary>pending, sent, logged (no SMTP configured) or dead.</summary>
    public string Status { get; set; } = MailStatuses.Pending;

    public int AttemptCount { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

public static class MailStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Logged = "logged";
    public const string Dead = "dead";
}

/// <summary>The languages mails are written in.</summary>
public static class MailLanguages
{
    public const string Default = "en";

    public static readonly IReadOnlyList<string> All = ["de", "en"];

    /// <summary>The language in lower case, or null when absent; an unsupported one is a field error.</summary>
    public static string? Validate(ValidationErrors errors, string? value)
    {
        if (value is null)
        {
            return null;
        }
        var language = value.Trim().ToLowerInvariant();
        if (!All.Contains(language))
        {
            errors.Add("language", "The language is one of: " + string.Join(", ", All) + ".");
            return null;
        }
        return language;
    }
}

internal sealed class MailMessageConfiguration : IEntityTypeConfiguration<MailMessage>
{
    public void Configure(EntityTypeBuilder<MailMessage> builder)
    {
        builder.ToTable("mail_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Template).HasMaxLength(64);
        builder.Property(m => m.Language).HasMaxLength(8);
        builder.Property(m => m.To).HasMaxLength(254);
        builder.Property(m => m.ToName).HasMaxLength(200);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.Status).HasMaxLength(16);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.AttachmentName).HasMaxLength(200);
        builder.Property(m => m.AttachmentContentType).HasMaxLength(100);
        builder.HasOne<Events.OutboxMessage>().WithMany().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
        // One mail of a template per event and recipient, whichever instance renders it.
        builder.HasIndex(m => new { m.MessageId, m.Template, m.To }).IsUnique();
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}
