namespace Portal.Api.Features.Catalog;

/// <summary>A catalog product as the API returns it.</summary>
/// <param name="Sku">The supplier's article number.</param>
/// <param name="Name">Short name.</param>
/// <param name="Description">Long description.</param>
/// <param name="Category">Category code.</param>
/// <param name="Gtin">GTIN normalised to 14 digits (GTIN-8/12/13 left-padded with zeros).</param>
/// <param name="Unit">UN/CEFACT Recommendation 20 unit code of the sales unit.</param>
/// <param name="Unspsc">UNSPSC commodity code.</param>
/// <param name="Manufacturer">Manufacturer name.</param>
/// <param name="ManufacturerPartNumber">The manufacturer's part number.</param>
/// <param name="PackSize">Base units per sales unit.</param>
/// <param name="StockQuantity">Sales units in stock.</param>
/// <param name="LeadTimeDays">Working days until dispatch when not in stock.</param>
/// <param name="Regulated">Subject to sales restrictions.</param>
/// <param name="Attachments">Datasheets, certificates and other documents.</param>
/// <param name="UpdatedAt">When the product last changed (UTC).</param>
/// <param name="RestrictedTo">Who may find, price and order it; null: every account.</param>
public sealed record ProductDto(
    string Sku,
    string Name,
    string? Description,
    string Category,
    string? Gtin,
    string Unit,
    string? Unspsc,
    string? Manufacturer,
    string? ManufacturerPartNumber,
    decimal PackSize,
    decimal StockQuantity,
    int LeadTimeDays,
    bool Regulated,
    IReadOnlyList<AttachmentDto> Attachments,
    DateTimeOffset UpdatedAt,
    ProductRestrictionDto? RestrictedTo = null)
{
    internal static ProductDto From(Product p) => new(
        p.Sku, p.Name, p.Description, p.Category, p.Gtin, p.Unit, p.Unspsc, p.Manufacturer,
        p.ManufacturerPartNumber, p.PackSize, p.StockQuantity, p.LeadTimeDays, p.Regulated,
        p.Attachments.Select(a => new AttachmentDto(a.Kind, a.Title, a.Url)).ToArray(), p.UpdatedAt,
        p.RestrictedGroups is null && !p.RequiresApproval ? null : new ProductRestrictionDto(CustomerGroups.Parse(p.RestrictedGroups), p.RequiresApproval));
}

/// <summary>
/// A product for some customer groups only (regulated goods): accounts outside them neither find nor price nor
/// order it (line error <c>restricted</c>); <c>requiresApproval</c> sends every order containing it through approval.
/// </summary>
/// <param name="CustomerGroups">The groups that may buy it (an account's pricing group and its further groups count); empty: every account.</param>
/// <param name="RequiresApproval">Orders containing it need approval.</param>
public sealed record ProductRestrictionDto(IReadOnlyList<string> CustomerGroups, bool RequiresApproval);

/// <summary>The restriction of a product: <c>customerGroups</c> (up to 20 codes) and optionally <c>requiresApproval</c>.</summary>
public sealed record ProductRestrictionInput
{
    /// <summary>The customer groups that may find, price and order the product; empty or left out: every account.</summary>
    public IReadOnlyList<string>? CustomerGroups { get; init; }

    /// <summary>Orders containing the product need approval (default false).</summary>
    public bool? RequiresApproval { get; init; }
}

/// <summary>A document linked to a product.</summary>
/// <param name="Kind">datasheet, certificate, safety-data-sheet, manual, image or other.</param>
/// <param name="Title">What the link shows.</param>
/// <param name="Url">Absolute http(s) URL.</param>
public sealed record AttachmentDto(string Kind, string Title, string Url);

/// <summary>
/// The writable fields of a product. <c>name</c>, <c>category</c> and <c>unit</c> are required; the rest
/// are optional (defaults: packSize 1, stockQuantity 0, leadTimeDays 0, regulated false, no attachments).
/// </summary>
public record ProductInput
{
    /// <summary>Short name, at most 200 characters. Required.</summary>
    [RequiredInContract]
    public string? Name { get; init; }

    /// <summary>Long description, at most 4,000 characters.</summary>
    public string? Description { get; init; }

    /// <summary>Category code: lower-case letters, digits and hyphens. Required.</summary>
    [RequiredInContract]
    public string? Category { get; init; }

    /// <summary>GTIN-8, -12, -13 or -14 with a valid check digit; stored as 14 digits.</summary>
    public string? Gtin { get; init; }

    /// <summary>UN/CEFACT Recommendation 20 unit code (2 or 3 letters or digits, e.g. EA, BX, KGM). Required.</summary>
    [RequiredInContract]
    public string? Unit { get; init; }

    /// <summary>UNSPSC commodity code, 8 digits.</summary>
    public string? Unspsc { get; init; }

    public string? Manufacturer { get; init; }

    public string? ManufacturerPartNumber { get; init; }

    /// <summary>Base units per sales unit; greater than 0.</summary>
    public decimal? PackSize { get; init; }

    /// <summary>Sales units in stock; 0 or more.</summary>
    public decimal? StockQuantity { get; init; }

    /// <summary>Working days until dispatch, 0 to 365.</summary>
    public int? LeadTimeDays { get; init; }

    /// <summary>Subject to sales restrictions. Without <c>restrictedTo</c>, <c>true</c> restricts the product to the customer group <c>regulated</c>.</summary>
    public bool? Regulated { get; init; }

    /// <summary>Up to 20 linked documents.</summary>
    public IReadOnlyList<AttachmentDto>? Attachments { get; init; }

    /// <summary>Restricts the product to customer groups (a PUT replaces it: left out, the product is for every account unless <c>regulated</c>).</summary>
    public ProductRestrictionInput? RestrictedTo { get; init; }
}

/// <summary>One product of a bulk upsert: its sku and its fields.</summary>
public sealed record ProductBatchItem : ProductInput
{
    /// <summary>The article number. Required.</summary>
    public string? Sku { get; init; }
}

/// <summary>A bulk upsert of up to 5,000 products, applied all or nothing.</summary>
public sealed record ProductBatchRequest(IReadOnlyList<ProductBatchItem>? Products);

/// <summary>What a bulk upsert did.</summary>
/// <param name="Created">Products that did not exist before.</param>
/// <param name="Updated">Existing products whose fields changed.</param>
/// <param name="Unchanged">Existing products sent with the values they already had.</param>
public sealed record ProductBatchResult(int Created, int Updated, int Unchanged);

/// <summary>A category with the number of products in it.</summary>
public sealed record CategoryDto(string Category, int ProductCount);
