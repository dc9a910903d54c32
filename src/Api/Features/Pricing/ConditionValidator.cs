namespace Portal.Api.Features.Pricing;

/// <summary>Checks a condition from the ERP and turns it into an entity; no I/O.</summary>
public static class ConditionValidator
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(ConditionKinds.ByPriority, StringComparer.Ordinal);

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
        var currency = dto.Currency?.Trim().ToUpperInvariant();
        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add(prefix + "currency", "The currency is an ISO 4217 code of three letters, such as EUR.");
        }

        void Require(bool present, string field, string why)
        {
            if (!present)
            {
                errors.Add(prefix + field, $"The {field} is required for {why}.");
            }
        }
        void Forbid(bool present, string field)
        {
            if (present)
            {
                errors.Add(prefix + field, $"A {kind} condition has no {field}.");
            }
        }

        var sku = string.IsNullOrWhiteSpace(dto.Sku) ? null : dto.Sku.Trim();
        var group = string.IsNullOrWhiteSpace(dto.CustomerGroup) ? null : dto.CustomerGroup.Trim();
        var contract = string.IsNullOrWhiteSpace(dto.ContractNo) ? null : dto.ContractNo.Trim();
        var category = string.IsNullOrWhiteSpace(dto.Category) ? null : dto.Category.Trim().ToLowerInvariant();
        switch (kind)
        {
            case ConditionKinds.Customer:
                Require(sku is not null, "sku", "customer prices");
                Require(dto.CustomerId is not null, "customerId", "customer prices");
                Require(dto.Price is not null, "price", "customer prices");
                Forbid(group is not null, "customerGroup");
                Forbid(contract is not null, "contractNo");
                Forbid(category is not null, "category");
                Forbid(dto.DiscountPercent is not null, "discountPercent");
                break;
            case ConditionKinds.Contract:
                Require(sku is not null, "sku", "contract prices");
                Require(dto.CustomerId is not null, "customerId", "contract prices");
                Require(contract is not null, "contractNo", "contract prices");
                Require(dto.Price is not null, "price", "contract prices");
                Forbid(group is not null, "customerGroup");
                Forbid(category is not null, "category");
                Forbid(dto.DiscountPercent is not null, "discountPercent");
                break;
            case ConditionKinds.Tier:
                Require(sku is not null, "sku", "quantity tiers");
                Require(dto.Price is not null, "price", "quantity tiers");
                Require(dto.MinQuantity is not null, "minQuantity", "quantity tiers");
                Forbid(dto.CustomerId is not null, "customerId");
                Forbid(contract is not null, "contractNo");
                Forbid(category is not null, "category");
                Forbid(dto.DiscountPercent is not null, "discountPercent");
                break;
            case ConditionKinds.Group:
                Require(group is not null, "customerGroup", "group discounts");
                Require(dto.DiscountPercent is not null, "discountPercent", "group discounts");
                Forbid(sku is not null, "sku");
                Forbid(dto.CustomerId is not null, "customerId");
                Forbid(contract is not null, "contractNo");
                Forbid(dto.Price is not null, "price");
                Forbid(dto.MinQuantity is > 0, "minQuantity");
                break;
            case ConditionKinds.List:
                Require(sku is not null, "sku", "list prices");
                Require(dto.Price is not null, "price", "list prices");
                Forbid(dto.CustomerId is not null, "customerId");
                Forbid(group is not null, "customerGroup");
                Forbid(contract is not null, "contractNo");
                Forbid(category is not null, "category");
                Forbid(dto.DiscountPercent is not null, "discountPercent");
                Forbid(dto.MinQuantity is > 0, "minQuantity");
                break;
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
