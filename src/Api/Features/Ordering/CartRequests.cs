using Portal.Api.Infrastructure.Validation;

namespace Portal.Api.Features.Ordering;

/// <summary>A new cart.</summary>
public sealed record CreateCartRequest(string? Name);

/// <summary>A line to add: a sku and a quantity, optionally a cost center and a note.</summary>
public sealed record CartLineInput
{
    [RequiredInContract]
    public string? Sku { get; init; }

    /// <summary>Greater than 0, at most 1,000,000, at most 3 decimals; a whole number for a product sold in counted units (EA, PCE, BX, PK, PR, SET, …).</summary>
    [RequiredInContract]
    public decimal? Quantity { get; init; }

    public Guid? CostCenterId { get; init; }

    public string? Note { get; init; }

    /// <summary>The delivery date asked for: today (UTC) or later.</summary>
    public DateOnly? DeliveryDate { get; init; }
}

/// <summary>One line, or a quick-order list of lines (<c>lines</c>); a sku already in the cart has its quantity increased.</summary>
public sealed record AddCartLinesRequest
{
    public string? Sku { get; init; }

    /// <summary>Greater than 0, at most 1,000,000, at most 3 decimals; a whole number for a product sold in counted units (EA, PCE, BX, PK, PR, SET, …).</summary>
    public decimal? Quantity { get; init; }

    public Guid? CostCenterId { get; init; }

    public string? Note { get; init; }

    public IReadOnlyList<CartLineInput>? Lines { get; init; }
}

/// <summary>Changes to a cart line.</summary>
public sealed record UpdateCartLineRequest
{
    /// <summary>Greater than 0, at most 1,000,000, at most 3 decimals; a whole number for a product sold in counted units (EA, PCE, BX, PK, PR, SET, …).</summary>
    public decimal? Quantity { get; init; }

    public Guid? CostCenterId { get; init; }

    public bool? ClearCostCenter { get; init; }

    public string? Note { get; init; }

    /// <summary>The delivery date asked for: today (UTC) or later.</summary>
    public DateOnly? DeliveryDate { get; init; }

    /// <summary>true removes the line's delivery date (deliver when ready).</summary>
    public bool? ClearDeliveryDate { get; init; }
}

/// <summary>A barcode as the scanner read it; adds the product or increments its quantity.</summary>
public sealed record CartScanRequest([property: RequiredInContract, ScannedText] string? Code, decimal? Quantity);
