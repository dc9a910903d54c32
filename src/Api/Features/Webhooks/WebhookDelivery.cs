namespace Portal.Api.Features.Webhooks;

/// <summary>One event for one webhook: retried on its schedule until it succeeds, fails or is dead-lettered.</summary>
public sealed class WebhookDelivery : ILeasedAttempt
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
