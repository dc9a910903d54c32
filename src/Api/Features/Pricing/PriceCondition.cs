namespace Portal.Api.Features.Pricing;

/// <summary>The kinds of price condition, in their default priority order (first applicable wins).</summary>
public static class ConditionKinds
{
    public const string Customer = "customer";
    public const string Contract = "contract";
    public const string Tier = "tier";
    public const string Group = "group";
    public const string List = "list";

    /// <summary>Highest priority first.</summary>
    public static readonly IReadOnlyList<string> ByPriority = [Customer, Contract, Tier, Group, List];

    public static int Priority(string kind) => kind switch
    {
        Customer => 0,
        Contract => 1,
        Tier => 2,
        Group => 3,
        _ => 4,
    };
}

/// <summary>
/// A price condition as the ERP keeps it, addressed by the ERP's own condition key (<see cref="Id"/>).
/// Which fields apply depends on <see cref="Kind"/>; see <see cref="ConditionValidator"/>.
/// </summary>
public sealed class PriceCondition
{
    /// <summary>The ERP condition key; unique.</summary>
    public required string Id { get; set; }

    public required string Kind { get; set; }

    public string? Sku { get; set; }

    public Guid? CustomerId { get; set; }

    public string? CustomerGroup { get; set; }

    public string? ContractNo { get; set; }

    public string? Category { get; set; }

    /// <summary>ISO 4217.</summary>
    public required string Currency { get; set; }

    /// <summary>The price for <see cref="PriceUnit"/> units (all kinds but group).</summary>
    public decimal? Price { get; set; }

    /// <summary>Discount on the list price in percent (group conditions).</summary>
    public decimal? DiscountPercent { get; set; }

    /// <summary>The quantity from which the condition applies (contract, tier; 0 for the rest).</summary>
    public decimal MinQuantity { get; set; }

    /// <summary>The price is per this many units (default 1).</summary>
    public decimal PriceUnit { get; set; } = 1;

    /// <summary>First day of validity (inclusive), or open.</summary>
    public DateOnly? ValidFrom { get; set; }

    /// <summary>Last day of validity (inclusive), or open.</summary>
    public DateOnly? ValidTo { get; set; }

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public bool AppliesOn(DateOnly date) =>
        (ValidFrom is null || ValidFrom <= date) && (ValidTo is null || ValidTo >= date);
}

internal sealed class PriceConditionConfiguration : IEntityTypeConfiguration<PriceCondition>
{
    public void Configure(EntityTypeBuilder<PriceCondition> builder)
    {
        builder.ToTable("price_conditions");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(100);
        builder.Property(c => c.Kind).HasMaxLength(16);
        builder.MaxLength(64, c => c.Sku, c => c.ContractNo, c => c.Category);
        builder.Property(c => c.CustomerGroup).HasMaxLength(32);
        builder.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(c => c.Price).HasPrecision(19, 6);
        builder.Property(c => c.DiscountPercent).HasPrecision(9, 4);
        builder.Property(c => c.MinQuantity).HasPrecision(18, 3);
        builder.Property(c => c.PriceUnit).HasPrecision(18, 3);
        // The calculation's lookups: by sku (list, tier, customer, contract) and by group (group discounts).
        builder.HasIndex(c => new { c.Sku, c.Currency });
        builder.HasIndex(c => new { c.CustomerId, c.Sku });
        builder.HasIndex(c => new { c.Kind, c.CustomerGroup });
    }
}
