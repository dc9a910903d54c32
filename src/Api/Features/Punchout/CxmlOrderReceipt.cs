using Portal.Api.Features.Accounts;

namespace Portal.Api.Features.Punchout;

/// <summary>A cXML OrderRequest that was taken: the key to answering re-sent documents without acting twice.</summary>
public sealed class CxmlOrderReceipt : ICustomerScoped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public required string PayloadId { get; set; }

    /// <summary>OrderRequestHeader@orderID: the buyer's purchase-order number.</summary>
    public required string BuyerOrderId { get; set; }

    public int OrderVersion { get; set; }

    /// <summary>new, update or delete.</summary>
    public required string Type { get; set; }

    public Guid OrderId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>SHA-256 (hex) of the OrderRequest as read: a re-send with other content under the same orderID and version is refused (409).</summary>
    public string? ContentHash { get; set; }

    /// <summary>OrderRequestHeader@orderDate (outbound documents' OrderReference carries it).</summary>
    public DateTimeOffset? OrderDate { get; set; }

    /// <summary>The buyer's Header/From credential (the To of outbound documents).</summary>
    public string? FromDomain { get; set; }

    public string? FromIdentity { get; set; }

    /// <summary>The Header/To credential the buyer addressed the supplier with (the From of outbound documents).</summary>
    public string? ToDomain { get; set; }

    public string? ToIdentity { get; set; }

    /// <summary>Request@deploymentMode of the order (test orders get test documents back).</summary>
    public string? DeploymentMode { get; set; }
}

internal sealed class CxmlOrderReceiptConfiguration : IEntityTypeConfiguration<CxmlOrderReceipt>
{
    public void Configure(EntityTypeBuilder<CxmlOrderReceipt> builder)
    {
        builder.ToTable("cxml_order_receipts");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.PayloadId).HasMaxLength(250);
        builder.Property(r => r.BuyerOrderId).HasMaxLength(64);
        builder.Property(r => r.Type).HasMaxLength(16);
        builder.Property(r => r.ContentHash).HasMaxLength(64);
        builder.MaxLength(200, r => r.FromDomain, r => r.FromIdentity, r => r.ToDomain, r => r.ToIdentity);
        builder.Property(r => r.DeploymentMode).HasMaxLength(16);
        // Re-sent documents are recognised by payloadID, and by order id + version (a new payloadID on retry).
        builder.HasIndex(r => new { r.CustomerId, r.PayloadId }).IsUnique();
        builder.HasIndex(r => new { r.CustomerId, r.BuyerOrderId, r.OrderVersion }).IsUnique();
        builder.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
