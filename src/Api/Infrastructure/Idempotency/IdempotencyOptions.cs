namespace Portal.Api.Infrastructure.Idempotency;

/// <summary>Section <c>Portal:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Portal:Idempotency";

    /// <summary>
    /// How long a reservation blocks a key before a retry may take it over. A request that runs longer
    /// keeps its key anyway (its transaction holds the key's row lock); the lease only frees keys of
    /// requests whose instance or connection died.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a retry waits for a live holder of the key before answering 409 (PostgreSQL lock_timeout).</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a completed key replays its answer.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Attempts of the whole unit (reservation, effect, stored answer) on transient database errors before 503.</summary>
    public int MaxAttempts { get; set; } = 4;
}
