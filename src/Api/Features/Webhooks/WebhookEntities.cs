using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Api.Features.Webhooks;

/// <summary>
/// A subscription of an HTTPS endpoint to event types. A customer administrator's webhook receives its own
/// account's events; a supplier-side webhook receives every account's events, or one account's when it
/// was created with the <c>Portal-Customer</c> header.
/// </summary>
public sealed class Webhook
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The account whose events it receives; null: every account's (supplier-side only).</summary>
    public Guid? CustomerId { get; set; }

    /// <summary>Created by a supplier-side client (the customer's administrators neither see nor change it).</summary>
    public bool SupplierSide { get; set; }

    public required string Url { get; set; }

    public List<string> Events { get; set; } = [];

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The signing secret, <c>whsec_</c> + base64 of 32 random bytes. Needed in clear to sign; never returned after creation, never logged.</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation, still signed with until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";

    /// <summary>The receiver answered 4xx (other than 408/429): it refused the event; not retried.</summary>
    public const string Failed = "failed";

    /// <summary>Every attempt failed: dead-lettered, redeliver with POST .../retry.</summary>
    public const string Dead = "dead";
}

/// <summary>One event for one webhook: retried on its schedule until it succeeds, fails or is dead-lettered.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid WebhookId { get; set; }

    public Guid MessageId { get; set; }

    public required string EventType { get; set; }

    public string Status { get; set; } = DeliveryStatuses.Pending;

    public int AttemptCount { get; set; }

    /// <summary>Attempts allowed in all (Portal:Webhooks:MaxAttempts; one more after a manual retry).</summary>
    public int MaxAttempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Claimed by a dispatcher until then (a lease: a crashed instance's claim runs out).</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<WebhookDeliveryAttempt> Attempts { get; set; } = [];
}

/// <summary>One HTTP request of a delivery.</summary>
public sealed class WebhookDeliveryAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DeliveryId { get; set; }

    public int Number { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The receiver's status code; null when no answer came (refused, timeout, connection error).</summary>
    public int? StatusCode { get; set; }

    public int DurationMs { get; set; }

    public string? Error { get; set; }

    public bool Succeeded { get; set; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Url).HasMaxLength(WebhookService.MaxUrlLength);
        builder.Property(w => w.Description).HasMaxLength(500);
        builder.Property(w => w.Secret).HasMaxLength(100);
        builder.Property(w => w.PreviousSecret).HasMaxLength(100);
        builder.Property(w => w.CreatedBy).HasMaxLength(200);
        builder.HasIndex(w => w.CustomerId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Events.OutboxMessage>().WithMany().HasForeignKey(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
        // An event reaches a webhook once, whichever instance fans it out.
        builder.HasIndex(d => new { d.WebhookId, d.MessageId }).IsUnique();
        // The dispatcher's queue.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryAttemptConfiguration : IEntityTypeConfiguration<WebhookDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryAttempt> builder)
    {
        builder.ToTable("webhook_delivery_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
    }
}
