namespace Portal.Api.Features.Catalog;

/// <summary>A sellable item of the supplier's catalog.</summary>
public sealed class Product
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The supplier's article number; unique, the product's public key.</summary>
    public required string Sku { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Category code (lower-case slug such as <c>fasteners</c>).</summary>
    public required string Category { get; set; }

    /// <summary>GTIN normalised to 14 digits, or null.</summary>
    public string? Gtin { get; set; }

    /// <summary>UN/CEFACT Recommendation 20 unit code (EA, BX, KGM ...).</summary>
    public required string Unit { get; set; }

    /// <summary>UNSPSC commodity code (8 digits).</summary>
    public string? Unspsc { get; set; }

    public string? Manufacturer { get; set; }

    public string? ManufacturerPartNumber { get; set; }

    /// <summary>How many base units one sales unit holds.</summary>
    public decimal PackSize { get; set; } = 1;

    public decimal StockQuantity { get; set; }

    public int LeadTimeDays { get; set; }

    /// <summary>Subject to sales restrictions (hazardous goods, medical devices, export control).</summary>
    public bool Regulated { get; set; }

    /// <summary>
    /// The customer groups that may find, price and order the product, stored as <c>,group-a,group-b,</c>
    /// (<see cref="CustomerGroups"/>); null: every account. Issue #22.
    /// </summary>
    public string? RestrictedGroups { get; set; }

    /// <summary>An order containing the product needs approval (Features/Approvals), whatever the rules say.</summary>
    public bool RequiresApproval { get; set; }

    public List<ProductAttachment> Attachments { get; set; } = [];

    /// <summary>Lower-cased sku, name, description and manufacturer part number: what <c>q</c> searches.</summary>
    public string SearchText { get; set; } = string.Empty;

    /// <summary>Incremented on every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public void RefreshSearchText() =>
        SearchText = string.Join('\n', new[] { Sku, Name, Description, ManufacturerPartNumber }
            .Where(s => !string.IsNullOrWhiteSpace(s)))
            .ToLowerInvariant();
}

/// <summary>A document about a product, such as a datasheet or a certificate.</summary>
public sealed class ProductAttachment
{
    /// <summary><c>datasheet</c>, <c>certificate</c>, <c>safety-data-sheet</c>, <c>manual</c>, <c>image</c> or <c>other</c>.</summary>
    public required string Kind { get; set; }

    public required string Title { get; set; }

    public required string Url { get; set; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Sku).HasMaxLength(64);
        builder.HasIndex(p => p.Sku).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.Category).HasMaxLength(64);
        builder.HasIndex(p => new { p.Category, p.Sku });
        builder.Property(p => p.Gtin).HasMaxLength(14).IsFixedLength();
        builder.HasIndex(p => p.Gtin).IsUnique().HasFilter("gtin IS NOT NULL");
        builder.Property(p => p.Unit).HasMaxLength(3);
        builder.Property(p => p.Unspsc).HasMaxLength(8);
        builder.Property(p => p.Manufacturer).HasMaxLength(128);
        builder.Property(p => p.ManufacturerPartNumber).HasMaxLength(64);
        builder.Property(p => p.PackSize).HasPrecision(18, 3);
        builder.Property(p => p.StockQuantity).HasPrecision(18, 3);
        builder.Property(p => p.SearchText).HasMaxLength(4400);
        builder.Property(p => p.RestrictedGroups).HasMaxLength(CustomerGroups.MaxStoredLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.OwnsMany(p => p.Attachments, a =>
        {
            a.ToJson("attachments");
            a.Property(x => x.Kind).HasMaxLength(32);
        });
    }
}
