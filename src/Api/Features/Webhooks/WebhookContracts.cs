namespace Portal.Api.Features.Webhooks;

/// <summary>A new webhook: where to send which events.</summary>
public sealed record CreateWebhookRequest
{
    /// <summary>The receiver's URL (https in production; never a private address unless the operator allows it).</summary>
    [RequiredInContract]
    public string? Url { get; init; }

    /// <summary>Event types, e.g. <c>order.submitted</c> (docs/events.md).</summary>
    [RequiredInContract]
    public IReadOnlyList<string>? Events { get; init; }

    public string? Description { get; init; }
}

/// <summary>Changes to a webhook; absent fields stay as they are.</summary>
public sealed record UpdateWebhookRequest
{
    public string? Url { get; init; }

    public IReadOnlyList<string>? Events { get; init; }

    public string? Description { get; init; }

    /// <summary>False pauses deliveries (pending ones fail with "disabled"); true resumes.</summary>
    public bool? Enabled { get; init; }
}

/// <summary>A webhook (without its secret).</summary>
/// <param name="Id">The webhook's id.</param>
/// <param name="Url">The receiver.</param>
/// <param name="Events">The subscribed event types.</param>
/// <param name="Description">Free text.</param>
/// <param name="Enabled">Deliveries are made.</param>
/// <param name="CustomerId">The account whose events it receives; null: every account's (supplier-side).</param>
/// <param name="PreviousSecretValidUntil">After a rotation: until when the previous secret also signs.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
public sealed record WebhookDto(
    Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool Enabled, Guid? CustomerId,
    DateTimeOffset? PreviousSecretValidUntil, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A new webhook with its signing secret, shown this once.</summary>
public sealed record CreatedWebhookDto(
    Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool Enabled, Guid? CustomerId, string Secret, DateTimeOffset CreatedAt);

/// <summary>The new signing secret (shown this once); the previous one keeps signing until <c>previousSecretValidUntil</c>.</summary>
public sealed record RotatedWebhookSecretDto(Guid Id, string Secret, DateTimeOffset PreviousSecretValidUntil);

/// <summary>One event's delivery to a webhook with its attempts.</summary>
/// <param name="Id">The delivery's id (for .../retry).</param>
/// <param name="EventId">The event's id, also sent as <c>webhook-id</c>.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Status">pending, succeeded, failed (a 4xx answer) or dead (every attempt failed).</param>
/// <param name="AttemptCount">Attempts made.</param>
/// <param name="MaxAttempts">Attempts allowed.</param>
/// <param name="NextAttemptAt">When a pending delivery is tried next.</param>
/// <param name="LastStatusCode">The receiver's last status code.</param>
/// <param name="LastError">The last failure.</param>
/// <param name="CreatedAt">When the event was fanned out to the webhook.</param>
/// <param name="CompletedAt">When it succeeded, failed or died.</param>
/// <param name="Attempts">Every attempt, oldest first.</param>
public sealed record WebhookDeliveryDto(
    Guid Id, string EventId, string EventType, string Status, int AttemptCount, int MaxAttempts, DateTimeOffset? NextAttemptAt,
    int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, IReadOnlyList<WebhookAttemptDto> Attempts);

/// <summary>One HTTP request of a delivery.</summary>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The receiver's answer; null when none came.</param>
/// <param name="DurationMs">Milliseconds until the answer or the failure.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Succeeded">The receiver answered 2xx.</param>
public sealed record WebhookAttemptDto(int Number, DateTimeOffset At, int? StatusCode, int DurationMs, string? Error, bool Succeeded);

/// <summary>An event type that webhooks can subscribe to.</summary>
public sealed record EventTypeDto(string Type, string Description);
