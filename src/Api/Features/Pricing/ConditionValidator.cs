namespace Portal.Api.Features.Pricing;

/// <summary>Checks a condition from the ERP and turns it into an entity; no I/O.</summary>
public static class ConditionValidator
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(ConditionKinds.ByPriority, StringComparer.Ordinal);

    /// <summary>Per kind: the fields it needs (in the order they are reported), and those it must not have.</summary>
    private static readonly Dictionary<string, (string Label, string[] Required, string[] Forbidden)> Rules = new(StringComparer.Ordinal)
    {
        [ConditionKinds.Customer] = ("customer prices", ["sku", "customerId", "price"], ["customerGroup", "contractNo", "category", "discountPercent"]),
        [ConditionKinds.Contract] = ("contract prices", ["sku", "customerId", "contractNo", "price"], ["customerGroup", "category", "discountPercent"]),
        [ConditionKinds.Tier] = ("quantity tiers", ["sku", "price", "minQuantity"], ["customerId", "contractNo", "category", "discountPercent"]),
        [ConditionKinds.Group] = ("group discounts", ["customerGroup", "discountPercent"], ["sku", "customerId", "contractNo", "price", "minQuantity"]),
        [ConditionKinds.List] = ("list prices", ["sku", "price"], ["customerId", "customerGroup", "contractNo", "category", "discountPercent", "minQuantity"]),
    };

    /// <summary>Validates <paramref name="dto"/>; errors under <paramref name="prefix"/>. Null when invalid.</summary>
    public static PriceCondition? Validate(PriceConditionDto dto, ValidationErrors errors, string prefix)
    {
        var before = errors.Count;
        var id = dto.Id?.Trim();
        if (string.IsNullOrEmpty(id) || id.Length > 100 || id.Any(char.IsControl))
        {
            errors.Add(prefix + "id", "The id (the ERP condition key) is required: 1 to 100 printable characters.");
        }
        var kind = dto.Kind?.Trim().ToLowerInvariant();
        if (kind is null || !Kinds.Contains(kind))
        {
            errors.Add(prefix + "kind", "The kind is one of: customer, contract, tier, group, list.");
        }
        var currency = Portal.Punchout.Money.CurrencyCodes.Normalize(dto.Currency);
        if (currency is null)
        {
            errors.Add(prefix + "currency", Accounts.AccountValidation.CurrencyMessage);
        }

        var sku = string.IsNullOrWhiteSpace(dto.Sku) ? null : dto.Sku.Trim();
        var group = string.IsNullOrWhiteSpace(dto.CustomerGroup) ? null : dto.CustomerGroup.Trim();
        var contract = string.IsNullOrWhiteSpace(dto.ContractNo) ? null : dto.ContractNo.Trim();
        var category = string.IsNullOrWhiteSpace(dto.Category) ? null : dto.Category.Trim().ToLowerInvariant();
        // Where a minimum quantity is not allowed, 0 counts as none.
        bool Present(string field, bool required) => field switch
        {
            "sku" => sku is not null,
            "customerId" => dto.CustomerId is not null,
            "customerGroup" => group is not null,
            "contractNo" => contract is not null,
            "category" => category is not null,
            "price" => dto.Price is not null,
            "discountPercent" => dto.DiscountPercent is not null,
            "minQuantity" => required ? dto.MinQuantity is not null : dto.MinQuantity is > 0,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };
        if (kind is not null && Rules.TryGetValue(kind, out var rule))
        {
            foreach (var field in rule.Required.Where(f => !Present(f, required: true)))
            {
                errors.Add(prefix + field, $"The {field} is required for {rule.Label}.");
            }
            foreach (var field in rule.Forbidden.Where(f => Present(f, required: false)))
            {
                errors.Add(prefix + field, $"A {kind} condition has no {field}.");
            }
        }

        if (dto.Price is < 0 or > 1_000_000_000)
        {
            errors.Add(prefix + "price", "The price is between 0 and 1,000,000,000.");
        }
        if (dto.DiscountPercent is <= 0 or > 100)
        {
            errors.Add(prefix + "discountPercent", "The discount is greater than 0 and at most 100 percent.");
        }
        if (dto.MinQuantity is < 0)
        {
            errors.Add(prefix + "minQuantity", "The minimum quantity is 0 or more.");
        }
        if (dto.PriceUnit is <= 0)
        {
            errors.Add(prefix + "priceUnit", "The price unit is greater than 0.");
        }
        if (dto.ValidFrom is { } from && dto.ValidTo is { } to && to < from)
        {
            errors.Add(prefix + "validTo", "The validity ends before it starts.");
        }
        if (sku is { Length: > 64 } || group is { Length: > 32 } || contract is { Length: > 64 } || category is { Length: > 64 })
        {
            errors.Add(prefix + "id", "A key field is too long (sku 64, customerGroup 32, contractNo 64, category 64).");
        }

        if (errors.Count != before)
        {
            return null;
        }
        return new PriceCondition
        {
            Id = id!, Kind = kind!, Sku = sku, CustomerId = dto.CustomerId, CustomerGroup = group, ContractNo = contract,
            Category = category, Currency = currency!, Price = dto.Price, DiscountPercent = dto.DiscountPercent,
            MinQuantity = dto.MinQuantity ?? 0, PriceUnit = dto.PriceUnit ?? 1, ValidFrom = dto.ValidFrom, ValidTo = dto.ValidTo,
        };
    }

    public static PriceConditionDto ToDto(PriceCondition c) => new()
    {
        Id = c.Id, Kind = c.Kind, Sku = c.Sku, CustomerId = c.CustomerId, CustomerGroup = c.CustomerGroup, ContractNo = c.ContractNo,
        Category = c.Category, Currency = c.Currency, Price = c.Price, DiscountPercent = c.DiscountPercent,
        MinQuantity = c.MinQuantity, PriceUnit = c.PriceUnit, ValidFrom = c.ValidFrom, ValidTo = c.ValidTo,
    };

    /// <summary>Whether two conditions hold the same values (an upsert of equal values changes nothing).</summary>
    public static bool SameValues(PriceCondition a, PriceCondition b) =>
        a.Kind == b.Kind && a.Sku == b.Sku && a.CustomerId == b.CustomerId && a.CustomerGroup == b.CustomerGroup
        && a.ContractNo == b.ContractNo && a.Category == b.Category && a.Currency == b.Currency && a.Price == b.Price
        && a.DiscountPercent == b.DiscountPercent && a.MinQuantity == b.MinQuantity && a.PriceUnit == b.PriceUnit
        && a.ValidFrom == b.ValidFrom && a.ValidTo == b.ValidTo;
}
