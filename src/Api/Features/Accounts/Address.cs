namespace Portal.Api.Features.Accounts;

/// <summary>A delivery or billing address of the customer, optionally tied to an org unit.</summary>
public sealed class Address : ICustomerScoped, IVersioned
{
    /// <summary>Bumped by every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; set; } = 1;

    public const string Delivery = "delivery";
    public const string Billing = "billing";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    /// <summary><c>delivery</c> or <c>billing</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Recipient or company name on the label.</summary>
    public required string Name { get; set; }

    public string? Department { get; set; }

    public required string Street { get; set; }

    public string? Street2 { get; set; }

    public required string PostalCode { get; set; }

    public required string City { get; set; }

    public string? Region { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; set; }

    public Guid? OrgUnitId { get; set; }

    public bool IsDefault { get; set; }

    /// <summary>Kind, creation time and id: the unique, stable order of address lists.</summary>
    public string SortKey { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class AddressConfiguration : IEntityTypeConfiguration<Address>
{
    public void Configure(EntityTypeBuilder<Address> builder)
    {
        builder.ToTable("addresses");
        builder.HasKey(a => a.Id);
        builder.MaxLength(16, a => a.Kind, a => a.PostalCode);
        builder.MaxLength(200, a => a.Name, a => a.Department, a => a.Street, a => a.Street2);
        builder.MaxLength(100, a => a.City, a => a.Region);
        builder.Property(a => a.Country).HasMaxLength(2).IsFixedLength();
        builder.Property(a => a.SortKey).HasMaxLength(80);
        builder.HasIndex(a => new { a.CustomerId, a.SortKey }).IsUnique();
        builder.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(a => a.OrgUnitId).OnDelete(DeleteBehavior.SetNull);
    }
}
