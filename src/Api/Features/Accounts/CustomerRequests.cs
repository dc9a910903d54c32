namespace Portal.Api.Features.Accounts;

/// <summary>A new customer account. <c>name</c>, <c>customerGroup</c> and <c>currency</c> are required.</summary>
public sealed record CreateCustomerRequest
{
    public string? Name { get; init; }

    /// <summary>Customer-group code (letters, digits, '-', '_').</summary>
    public string? CustomerGroup { get; init; }

    /// <summary>ISO 4217 currency code, e.g. EUR.</summary>
    public string? Currency { get; init; }

    /// <summary>ERP customer number; generated when left out.</summary>
    public string? Number { get; init; }

    /// <summary>priority (default) or lowestPrice.</summary>
    [ContractEnum("PricingStrategy")]
    public string? PricingStrategy { get; init; }

    /// <summary>Membership of the customer group <c>regulated</c> (kept for older clients; prefer <c>groups</c>).</summary>
    public bool? RegulatedGoodsApproved { get; init; }

    public bool? RealtimePricing { get; init; }

    /// <summary>Further customer groups (up to 20 codes) that restricted products may name.</summary>
    public IReadOnlyList<string>? Groups { get; init; }
}

/// <summary>Fields to change on a customer account; fields left out keep their value.</summary>
public sealed record UpdateCustomerRequest
{
    public string? Name { get; init; }

    public string? CustomerGroup { get; init; }

    public string? Currency { get; init; }

    public bool? Active { get; init; }

    /// <summary>priority or lowestPrice.</summary>
    [ContractEnum("PricingStrategy")]
    public string? PricingStrategy { get; init; }

    /// <summary>Membership of the customer group <c>regulated</c> (kept for older clients; prefer <c>groups</c>).</summary>
    public bool? RegulatedGoodsApproved { get; init; }

    public bool? RealtimePricing { get; init; }

    /// <summary>The further customer groups, replaced as a whole.</summary>
    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>How long the account's personal data is kept (docs/privacy.md).</summary>
    public RetentionInput? Retention { get; init; }
}
