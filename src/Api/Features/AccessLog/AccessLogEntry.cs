namespace Portal.Api.Features.AccessLog;

/// <summary>
/// One request that read or changed customer data (GDPR Art. 30 record of processing): who (client,
/// user), for which account, what (method and route), on which resource, with what outcome, from where.
/// Never bodies, query strings, tokens or secrets.
/// </summary>
public sealed class AccessLogEntry
{
    /// <summary>Ascending in insertion order: the keyset for paging newest first.</summary>
    public long Id { get; set; }

    public DateTimeOffset Time { get; set; }

    public required string ClientId { get; set; }

    public Guid? UserId { get; set; }

    public Guid? CustomerId { get; set; }

    /// <summary>Method and route template, e.g. <c>GET /api/v1/users/{id}</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The request path, e.g. <c>/api/v1/users/0193...</c>.</summary>
    public required string Resource { get; set; }

    /// <summary>The HTTP status code answered.</summary>
    public int Outcome { get; set; }

    public string? Ip { get; set; }

    public string? RequestId { get; set; }

    /// <summary>What changed beyond method and path, e.g. a user's roles before and after; never secrets.</summary>
    public string? Detail { get; set; }
}

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> builder)
    {
        builder.ToTable("access_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ClientId).HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(300);
        builder.Property(e => e.Resource).HasMaxLength(1000);
        builder.Property(e => e.Ip).HasMaxLength(45);
        builder.Property(e => e.RequestId).HasMaxLength(64);
        builder.Property(e => e.Detail).HasMaxLength(AccessLogNote.MaxLength);
        builder.HasIndex(e => new { e.CustomerId, e.Time });
        builder.HasIndex(e => new { e.UserId, e.Time });
        builder.HasIndex(e => e.Time);
    }
}
