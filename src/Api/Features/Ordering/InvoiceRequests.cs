namespace Portal.Api.Features.Ordering;

/// <summary>An invoice from the ERP: which quantities of which lines (all not yet invoiced when left out), shipping and tax.</summary>
public sealed record CreateInvoiceRequest
{
    /// <summary>The ERP's invoice number (at most 64 characters; unique per account). Sending it again with the same content answers the same invoice.</summary>
    [RequiredInContract]
    public string? Number { get; init; }

    /// <summary>The invoice date.</summary>
    [RequiredInContract]
    public DateOnly? Date { get; init; }

    /// <summary>The invoiced lines; left out: every line's confirmed quantity not invoiced yet. A line is invoiced up to its confirmed quantity, at its confirmed unit price.</summary>
    public IReadOnlyList<InvoiceLineInput>? Lines { get; init; }

    /// <summary>Shipping charged (net), default 0.</summary>
    public decimal? Shipping { get; init; }

    /// <summary>Tax charged, default 0.</summary>
    public decimal? Tax { get; init; }
}

/// <summary>An invoiced quantity of the order line at position <c>lineNumber</c>.</summary>
public sealed record InvoiceLineInput
{
    [RequiredInContract]
    public int? LineNumber { get; init; }

    [RequiredInContract]
    public decimal? Quantity { get; init; }
}
