namespace Portal.Api.Features.Pricing;

/// <summary>A price calculation for the caller's account (supplier-side callers: the Portal-Customer account).</summary>
public sealed record PriceCalculationRequest
{
    /// <summary>ISO 4217; defaults to the account's currency.</summary>
    public string? Currency { get; set; }

    /// <summary>The pricing date (yyyy-MM-dd); defaults to today (UTC).</summary>
    public DateOnly? Date { get; set; }

    /// <summary>Up to 500 lines.</summary>
    [RequiredInContract]
    public IReadOnlyList<PriceCalculationLineRequest>? Lines { get; set; }
}

/// <summary>One line to price.</summary>
public sealed record PriceCalculationLineRequest
{
    // Settable properties (not positional, not init-only): System.Text.Json's source-generated reader then
    // sets them one by one instead of buffering them as constructor arguments, a measurable part of the
    // price endpoint's time.
    public PriceCalculationLineRequest()
    {
    }

    public PriceCalculationLineRequest(string? sku, decimal? quantity)
    {
        Sku = sku;
        Quantity = quantity;
    }

    [RequiredInContract]
    public string? Sku { get; set; }

    /// <summary>Greater than 0, at most 1,000,000, at most 3 decimals; a whole number for a product sold in counted units (EA, PCE, BX, PK, PR, SET, …).</summary>
    [RequiredInContract]
    public decimal? Quantity { get; set; }
}

/// <summary>The priced lines and their total.</summary>
/// <param name="Currency">The currency of every amount.</param>
/// <param name="Date">The pricing date.</param>
/// <param name="Lines">One result per requested line, in request order.</param>
/// <param name="Total">Sum of the priced lines' totals.</param>
/// <param name="Saving">Sum of the priced lines' savings against the list price.</param>
public sealed record PriceCalculationResult(string Currency, DateOnly Date, IReadOnlyList<PriceCalculationLine> Lines, decimal Total, decimal Saving);

/// <summary>
/// One priced line. When the line cannot be priced, <c>error</c> is set and the price fields are null.
/// </summary>
/// <param name="Sku">As requested.</param>
/// <param name="Quantity">As requested.</param>
/// <param name="UnitPrice">The customer's price per unit (4 decimals).</param>
/// <param name="ListPrice">The list price per unit (4 decimals).</param>
/// <param name="Saving">List price minus unit price, per unit.</param>
/// <param name="SavingPercent">The saving in percent of the list price.</param>
/// <param name="LineSaving">The saving of the whole line.</param>
/// <param name="LineTotal">Unit price × quantity, rounded to cents.</param>
/// <param name="Source">The kind of condition that set the price: customer, contract, tier, group or list.</param>
/// <param name="ConditionId">The ERP key of that condition.</param>
/// <param name="ContractNo">The framework contract, for contract prices.</param>
/// <param name="ValidTo">Last day the price is valid, when limited.</param>
/// <param name="PriceUnit">The quantity the ERP price refers to (e.g. per 100).</param>
/// <param name="Error">Why the line has no price.</param>
public sealed record PriceCalculationLine(
    string? Sku,
    decimal? Quantity,
    decimal? UnitPrice,
    decimal? ListPrice,
    decimal? Saving,
    decimal? SavingPercent,
    decimal? LineSaving,
    decimal? LineTotal,
    [property: ContractEnum("PriceSource")] string? Source,
    string? ConditionId,
    string? ContractNo,
    DateOnly? ValidTo,
    decimal? PriceUnit,
    PriceLineError? Error);

/// <summary>Why a line has no price; <c>code</c> is stable: unknown-sku, no-list-price, restricted, invalid-quantity.</summary>
public sealed record PriceLineError(string Code, string Message);

/// <summary>A price condition as the ERP sends and Portal returns it.</summary>
public sealed record PriceConditionDto
{
    /// <summary>The ERP condition key; unique. Upserts match on it.</summary>
    [RequiredInContract]
    public string? Id { get; init; }

    /// <summary>customer, contract, tier, group or list.</summary>
    [ContractEnum("ConditionKind")]
    [RequiredInContract]
    public string? Kind { get; init; }

    /// <summary>Required for customer, contract, tier and list.</summary>
    public string? Sku { get; init; }

    /// <summary>Required for customer and contract.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Required for group; optional for tier (a group's own tiers).</summary>
    public string? CustomerGroup { get; init; }

    /// <summary>Required for contract.</summary>
    public string? ContractNo { get; init; }

    /// <summary>Optional for group: the discount applies to this category only.</summary>
    public string? Category { get; init; }

    /// <summary>ISO 4217.</summary>
    public string? Currency { get; init; }

    /// <summary>The price for priceUnit units; all kinds but group.</summary>
    public decimal? Price { get; init; }

    /// <summary>Group discount in percent (0 to 100).</summary>
    public decimal? DiscountPercent { get; init; }

    /// <summary>From this quantity on (contract, tier; optional for customer).</summary>
    public decimal? MinQuantity { get; init; }

    /// <summary>The price is per this many units (default 1).</summary>
    public decimal? PriceUnit { get; init; }

    /// <summary>First valid day, inclusive (yyyy-MM-dd).</summary>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>Last valid day, inclusive (yyyy-MM-dd).</summary>
    public DateOnly? ValidTo { get; init; }
}

/// <summary>A batch of conditions to upsert by id: all of them or, when any is invalid, none.</summary>
public sealed record PriceConditionBatchRequest(IReadOnlyList<PriceConditionDto>? Conditions);

/// <summary>What a batch did.</summary>
public sealed record PriceConditionBatchResult(int Created, int Updated, int Unchanged);
