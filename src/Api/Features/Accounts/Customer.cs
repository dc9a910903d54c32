namespace Portal.Api.Features.Accounts;

/// <summary>A business customer of the supplier (a company). Org units, users and prices hang off it.</summary>
public sealed class Customer : IVersioned
{
    /// <summary>Bumped by every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; set; } = 1;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The customer number in the supplier's ERP.</summary>
    public required string Number { get; set; }

    public required string Name { get; set; }

    /// <summary>The customer-group code that group discounts in pricing refer to.</summary>
    public required string CustomerGroup { get; set; }

    /// <summary>ISO 4217 default currency.</summary>
    public required string Currency { get; set; }

    public bool Active { get; set; } = true;

    /// <summary><c>priority</c> (first applicable kind of condition wins) or <c>lowestPrice</c>.</summary>
    public string PricingStrategy { get; set; } = PricingStrategies.Priority;

    /// <summary>
    /// Further customer groups the account belongs to, stored as <c>,group-a,group-b,</c>
    /// (<see cref="Catalog.CustomerGroups"/>): restricted products name the groups that may buy them. The account
    /// is also a member of its <see cref="CustomerGroup"/>. The former flag <c>regulatedGoodsApproved</c> is
    /// membership of the group <c>regulated</c> (ADR 0016).
    /// </summary>
    public string? Groups { get; set; }

    /// <summary>How long personal data of this account is kept (days); null: the configured default (Portal:Privacy).</summary>
    public int? AccessLogDays { get; set; }

    public int? InactiveUserDays { get; set; }

    public int? OrderPersonalDataDays { get; set; }

    /// <summary>Prices come from the ERP's real-time endpoint (Portal:Pricing:Erp), stored conditions as fallback.</summary>
    public bool RealtimePricing { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public static class PricingStrategies
{
    public const string Priority = "priority";
    public const string LowestPrice = "lowestPrice";
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.HasIndex(c => c.Number).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.CustomerGroup).HasMaxLength(32);
        builder.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(c => c.Groups).HasMaxLength(Catalog.CustomerGroups.MaxStoredLength);
        builder.Property(c => c.PricingStrategy).HasMaxLength(16).HasDefaultValue(PricingStrategies.Priority);
    }
}
