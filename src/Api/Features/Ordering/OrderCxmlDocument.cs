using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Ordering;

/// <summary>
/// A cXML document sent to the buyer system about an order (ConfirmationRequest, ShipNoticeRequest,
/// InvoiceDetailRequest). Written in the same transaction as the change it reports — the row is the outbox entry
/// of the cXML outbound channel — with its payload fixed (the payloadID and signature stay the same on every
/// attempt); the dispatcher posts it to the account's <c>cxml.outboundUrl</c> and records each answer here.
/// </summary>
public sealed class OrderCxmlDocument : ICustomerScoped, ILeasedAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public Guid OrderId { get; set; }

    /// <summary><c>confirmation</c>, <c>ship-notice</c> or <c>invoice</c>.</summary>
    public required string Type { get; set; }

    /// <summary>For a confirmation: accept, detail or reject.</summary>
    public string? Subtype { get; set; }

    public required string PayloadId { get; set; }

    /// <summary>The document as sent (UTF-8 XML), without the shared secret (added at each attempt).</summary>
    public required string Body { get; set; }

    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c>.</summary>
    public string State { get; set; } = OrderCxmlDocumentStates.Pending;

    public int Attempts { get; set; }

    /// <summary>The last answer: e.g. <c>HTTP 200, cXML 200 OK</c>, <c>HTTP 503</c>, <c>no answer within 30 s</c>.</summary>
    public string? LastStatus { get; set; }

    public int? LastHttpStatus { get; set; }

    public int? LastCxmlStatus { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A lease while one instance attempts it.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Every attempt (the latest 50).</summary>
    public List<OrderCxmlAttempt> AttemptLog { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One delivery attempt of a cXML document.</summary>
public sealed class OrderCxmlAttempt
{
    public DateTimeOffset At { get; set; }

    public int? HttpStatus { get; set; }

    public int? CxmlStatus { get; set; }

    public required string Outcome { get; set; }
}

public static class OrderCxmlDocumentStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

internal sealed class OrderCxmlDocumentConfiguration : IEntityTypeConfiguration<OrderCxmlDocument>
{
    public void Configure(EntityTypeBuilder<OrderCxmlDocument> builder)
    {
        builder.ToTable("order_cxml_documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Type).HasMaxLength(16);
        builder.Property(d => d.Subtype).HasMaxLength(16);
        builder.Property(d => d.PayloadId).HasMaxLength(250);
        builder.HasIndex(d => d.PayloadId).IsUnique();
        builder.Property(d => d.State).HasMaxLength(16);
        builder.Property(d => d.LastStatus).HasMaxLength(500);
        builder.OwnsMany(d => d.AttemptLog, a =>
        {
            a.ToJson("attempt_log");
            a.Property(x => x.Outcome).HasMaxLength(500);
        });
        // The dispatcher's queue: pending documents by due time.
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => d.OrderId);
        builder.HasOne<Order>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
