namespace Portal.Api.Infrastructure.Idempotency;

/// <summary>
/// A request made with an <c>Idempotency-Key</c>: while it runs it reserves the key with a lease;
/// afterwards it holds the answer, replayed for a repeat with the same key and body. The answer is written
/// in the same transaction as the request's effect. Keys are scoped to the account and the API client and
/// kept at least 24 hours (then purged by <see cref="Maintenance.ExpiredDataPurge"/>).
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The account (customer id, or "supplier") and the API client: "{account}:{client id}".</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of method, path and body (canonical JSON: <see cref="RequestFingerprint"/>).</summary>
    public required string RequestHash { get; set; }

    public bool Completed { get; set; }

    /// <summary>The attempt holding the reservation (a random id per request).</summary>
    public Guid? Owner { get; set; }

    /// <summary>Until when the reservation blocks the key; after it, a retry may take the key over.</summary>
    public DateTimeOffset LeaseUntil { get; set; }

    public int StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public byte[]? Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(r => new { r.Scope, r.Key });
        builder.Property(r => r.Scope).HasMaxLength(300);
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.Location).HasMaxLength(500);
        builder.HasIndex(r => r.ExpiresAt);
    }
}
