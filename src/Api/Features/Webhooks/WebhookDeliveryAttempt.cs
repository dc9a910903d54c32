namespace Portal.Api.Features.Webhooks;

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
