namespace Portal.Api.Features.Catalog;

/// <summary>Checks product input and normalises it; no I/O, so it is tested directly.</summary>
public static partial class ProductValidator
{
    public const int MaxAttachments = 20;

    public static readonly IReadOnlySet<string> AttachmentKinds =
        new HashSet<string>(StringComparer.Ordinal) { "datasheet", "certificate", "safety-data-sheet", "manual", "image", "other" };

    public static bool IsValidSku(string? sku) => sku is not null && SkuPattern().IsMatch(sku);

    /// <summary>
    /// Validates <paramref name="input"/>; field errors go to <paramref name="errors"/> under
    /// <paramref name="prefix"/>. Returns the normalised values when valid, null otherwise.
    /// </summary>
    public static NormalizedProduct? Validate(ProductInput input, ValidationErrors errors, string prefix = "")
    {
        var before = errors.Count;
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(prefix + "name", "The name is required.");
        }
        else if (name.Length > 200)
        {
            errors.Add(prefix + "name", "The name has at most 200 characters.");
        }

        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (description is { Length: > 4000 })
        {
            errors.Add(prefix + "description", "The description has at most 4,000 characters.");
        }

        var category = input.Category?.Trim();
        if (string.IsNullOrEmpty(category))
        {
            errors.Add(prefix + "category", "The category is required.");
        }
        else if (category.Length > 64 || !CategoryPattern().IsMatch(category))
        {
            errors.Add(prefix + "category", "The category is a code of lower-case letters, digits and hyphens (at most 64).");
        }

        string? gtin = null;
        if (!string.IsNullOrWhiteSpace(input.Gtin))
        {
            var result = Gtin.TryNormalize(input.Gtin, allowStrippedZeros: false, out var normalized);
            if (result == Gtin.ParseError.None)
            {
                gtin = normalized;
            }
            else
            {
                errors.Add(prefix + "gtin", Gtin.Describe(result));
            }
        }

        var unit = input.Unit?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(unit))
        {
            errors.Add(prefix + "unit", "The unit is required (a UN/CEFACT Rec. 20 code such as EA, BX or KGM).");
        }
        else if (!UnitPattern().IsMatch(unit))
        {
            errors.Add(prefix + "unit", "The unit is a UN/CEFACT Rec. 20 code: 2 or 3 letters or digits, such as EA, BX or KGM.");
        }

        var unspsc = string.IsNullOrWhiteSpace(input.Unspsc) ? null : input.Unspsc.Trim();
        if (unspsc is not null && !UnspscPattern().IsMatch(unspsc))
        {
            errors.Add(prefix + "unspsc", "The UNSPSC code has 8 digits.");
        }

        var manufacturer = string.IsNullOrWhiteSpace(input.Manufacturer) ? null : input.Manufacturer.Trim();
        if (manufacturer is { Length: > 128 })
        {
            errors.Add(prefix + "manufacturer", "The manufacturer has at most 128 characters.");
        }
        var mpn = string.IsNullOrWhiteSpace(input.ManufacturerPartNumber) ? null : input.ManufacturerPartNumber.Trim();
        if (mpn is { Length: > 64 })
        {
            errors.Add(prefix + "manufacturerPartNumber", "The manufacturer part number has at most 64 characters.");
        }

        var packSize = input.PackSize ?? 1;
        if (packSize <= 0 || packSize > 1_000_000)
        {
            errors.Add(prefix + "packSize", "The pack size is greater than 0 and at most 1,000,000.");
        }
        var stock = input.StockQuantity ?? 0;
        if (stock < 0 || stock > 1_000_000_000)
        {
            errors.Add(prefix + "stockQuantity", "The stock quantity is between 0 and 1,000,000,000.");
        }
        var leadTime = input.LeadTimeDays ?? 0;
        if (leadTime is < 0 or > 365)
        {
            errors.Add(prefix + "leadTimeDays", "The lead time is between 0 and 365 days.");
        }

        var attachments = new List<ProductAttachment>();
        if (input.Attachments is { } list)
        {
            if (list.Count > MaxAttachments)
            {
                errors.Add(prefix + "attachments", $"A product has at most {MaxAttachments} attachments.");
            }
            for (var i = 0; i < list.Count && i < MaxAttachments; i++)
            {
                var a = list[i];
                var path = $"{prefix}attachments[{i}].";
                if (a is null)
                {
                    errors.Add($"{prefix}attachments[{i}]", "The attachment is empty.");
                    continue;
                }
                if (a.Kind is null || !AttachmentKinds.Contains(a.Kind))
                {
                    errors.Add(path + "kind", "The kind is one of: " + string.Join(", ", AttachmentKinds) + ".");
                }
                if (string.IsNullOrWhiteSpace(a.Title) || a.Title.Length > 200)
                {
                    errors.Add(path + "title", "The title is required, at most 200 characters.");
                }
                if (a.Url is null || a.Url.Length > 2000
                    || !Uri.TryCreate(a.Url, UriKind.Absolute, out var uri)
                    || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    errors.Add(path + "url", "The URL is an absolute http or https URL.");
                }
                else
                {
                    attachments.Add(new ProductAttachment { Kind = a.Kind!, Title = a.Title!.Trim(), Url = a.Url });
                }
            }
        }

        CustomerGroups.Validate(errors, prefix + "restrictedTo.customerGroups", input.RestrictedTo?.CustomerGroups);
        if (errors.Count != before)
        {
            return null;
        }
        var regulated = input.Regulated ?? false;
        // The former meaning of "regulated": only approved accounts, now the group "regulated" (ADR 0016).
        var restrictedGroups = input.RestrictedTo is { } restriction
            ? CustomerGroups.Store(restriction.CustomerGroups)
            : regulated ? CustomerGroups.Store([CustomerGroups.Regulated]) : null;
        return new NormalizedProduct(name!, description, category!, gtin, unit!, unspsc, manufacturer, mpn,
            packSize, stock, leadTime, regulated, attachments, restrictedGroups, input.RestrictedTo?.RequiresApproval ?? false);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^[A-Z0-9]{2,3}$")]
    private static partial Regex UnitPattern();

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex UnspscPattern();
}

/// <summary>Validated, normalised product fields.</summary>
public sealed record NormalizedProduct(
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
    IReadOnlyList<ProductAttachment> Attachments,
    string? RestrictedGroups = null,
    bool RequiresApproval = false)
{
    /// <summary>Copies the fields onto <paramref name="product"/>; returns whether anything changed.</summary>
    public bool ApplyTo(Product product)
    {
        var changed = product.Name != Name || product.Description != Description || product.Category != Category
            || product.Gtin != Gtin || product.Unit != Unit || product.Unspsc != Unspsc
            || product.Manufacturer != Manufacturer || product.ManufacturerPartNumber != ManufacturerPartNumber
            || product.PackSize != PackSize || product.StockQuantity != StockQuantity
            || product.LeadTimeDays != LeadTimeDays || product.Regulated != Regulated
            || product.RestrictedGroups != RestrictedGroups || product.RequiresApproval != RequiresApproval
            || !product.Attachments.Select(a => (a.Kind, a.Title, a.Url)).SequenceEqual(Attachments.Select(a => (a.Kind, a.Title, a.Url)));
        if (!changed)
        {
            return false;
        }
        product.Name = Name;
        product.Description = Description;
        product.Category = Category;
        product.Gtin = Gtin;
        product.Unit = Unit;
        product.Unspsc = Unspsc;
        product.Manufacturer = Manufacturer;
        product.ManufacturerPartNumber = ManufacturerPartNumber;
        product.PackSize = PackSize;
        product.StockQuantity = StockQuantity;
        product.LeadTimeDays = LeadTimeDays;
        product.Regulated = Regulated;
        product.RestrictedGroups = RestrictedGroups;
        product.RequiresApproval = RequiresApproval;
        product.Attachments = Attachments.Select(a => new ProductAttachment { Kind = a.Kind, Title = a.Title, Url = a.Url }).ToList();
        product.RefreshSearchText();
        return true;
    }
}
