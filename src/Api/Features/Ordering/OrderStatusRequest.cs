namespace Portal.Api.Features.Ordering;

/// <summary>A status change from the ERP: confirmed, shipped (with tracking), delivered, cancelled (or approval outcomes).</summary>
public sealed record OrderStatusRequest
{
    [ContractEnum("OrderStatus")]
    public string? Status { get; init; }

    public string? Reason { get; init; }

    public string? TrackingNumber { get; init; }

    public string? Carrier { get; init; }

    /// <summary>
    /// With <c>confirmed</c>: lines the supplier confirms differently (a lower quantity, another price, a delivery
    /// date), each line at most once. Every line's confirmed quantity, price and date are shown on the order
    /// (<c>confirmedQuantity</c>, <c>confirmedUnitPrice</c>, <c>confirmedDeliveryDate</c>; as ordered for lines not named)
    /// and bound its invoices; the ordered quantities and prices stay as they were. A cXML buyer gets a
    /// ConfirmationRequest of type <c>detail</c> instead of <c>accept</c>.
    /// </summary>
    public IReadOnlyList<ConfirmedLineInput>? Lines { get; init; }
}

/// <summary>How the supplier confirms the order line at position <c>lineNumber</c>.</summary>
public sealed record ConfirmedLineInput
{
    [RequiredInContract]
    public int? LineNumber { get; init; }

    /// <summary>The confirmed quantity (0 to the ordered quantity, whole for a product sold in counted units; the rest is rejected; not 0 for every line: reject the order instead); default as ordered.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>The confirmed unit price; default as ordered.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>The confirmed delivery date.</summary>
    public DateOnly? DeliveryDate { get; init; }
}
