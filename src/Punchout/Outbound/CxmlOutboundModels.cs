using Portal.Punchout.Cxml;

namespace Portal.Punchout.Outbound;

// The documents a supplier sends to a cXML buyer after an order (cXML Reference Guide, Fulfill and Invoice
// chapters): ConfirmationRequest, ShipNoticeRequest and InvoiceDetailRequest. Plain records; the writer turns
// them into DTD-valid cXML 1.2.063 (Fulfill.dtd, InvoiceDetail.dtd).

/// <summary>The envelope of an outbound document: Header From (the supplier), To (the buyer), Sender (the supplier, with the shared secret).</summary>
/// <param name="From">The supplier's credentials (From).</param>
/// <param name="To">The buyer's credentials (To): the From of the buyer's OrderRequest.</param>
/// <param name="Sender">The supplier's credentials again, as the transport sender (Sender).</param>
/// <param name="SharedSecret">The secret the buyer gave the supplier (Sender/Credential/SharedSecret), or null.</param>
public sealed record CxmlParties(IReadOnlyList<CxmlCredential> From, IReadOnlyList<CxmlCredential> To, IReadOnlyList<CxmlCredential> Sender, string? SharedSecret);

/// <summary>OrderReference: the buyer's order (OrderRequestHeader@orderID, @orderDate) and the OrderRequest's payloadID.</summary>
public sealed record CxmlOrderReference(string OrderId, DateTimeOffset OrderDate, string PayloadId);

/// <summary>An order line as the buyer ordered it (lineNumber = ItemOut@lineNumber).</summary>
public sealed record CxmlOutboundLine(int LineNumber, string Sku, string Description, string Unit, decimal Quantity, decimal UnitPrice);

/// <summary>The common part of every outbound document.</summary>
public abstract record CxmlOutboundDocument
{
    /// <summary>cXML@payloadID, unchanged on retries.</summary>
    public required string PayloadId { get; init; }

    /// <summary>cXML@timestamp.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>From, To, Sender.</summary>
    public required CxmlParties Parties { get; init; }

    /// <summary>The buyer's order.</summary>
    public required CxmlOrderReference Order { get; init; }

    /// <summary>Request@deploymentMode: production or test (as the buyer's OrderRequest was).</summary>
    public string DeploymentMode { get; init; } = "production";
}

/// <summary>ConfirmationRequest: accept (as ordered), detail (changed lines), reject.</summary>
public sealed record CxmlConfirmation : CxmlOutboundDocument
{
    /// <summary><see cref="CxmlConfirmationTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>ConfirmationHeader@confirmID (the supplier's order number).</summary>
    public required string ConfirmId { get; init; }

    /// <summary>Currency.</summary>
    public required string Currency { get; init; }

    /// <summary>The confirmed total (accept, detail); null on reject.</summary>
    public decimal? Total { get; init; }

    /// <summary>Why (Comments), e.g. the rejection reason.</summary>
    public string? Comment { get; init; }

    /// <summary>The lines; for <c>detail</c> each with what was confirmed.</summary>
    public IReadOnlyList<CxmlConfirmationLine> Lines { get; init; } = [];
}

/// <summary>A confirmed line: what was ordered and what the supplier confirms (quantity, price, delivery date).</summary>
public sealed record CxmlConfirmationLine(CxmlOutboundLine Ordered, decimal ConfirmedQuantity, decimal ConfirmedUnitPrice, DateTimeOffset? DeliveryDate);

/// <summary>ConfirmationHeader@type values Portal sends.</summary>
public static class CxmlConfirmationTypes
{
    /// <summary>Accept.</summary>
    public const string Accept = "accept";
    /// <summary>Detail.</summary>
    public const string Detail = "detail";
    /// <summary>Reject.</summary>
    public const string Reject = "reject";
}

/// <summary>ShipNoticeRequest: a shipment with carrier, tracking number and lines.</summary>
public sealed record CxmlShipNotice : CxmlOutboundDocument
{
    /// <summary>ShipNoticeHeader@shipmentID.</summary>
    public required string ShipmentId { get; init; }

    /// <summary>ShipmentDate.</summary>
    public required DateTimeOffset ShipmentDate { get; init; }

    /// <summary>Carrier.</summary>
    public string? Carrier { get; init; }

    /// <summary>TrackingNumber.</summary>
    public string? TrackingNumber { get; init; }

    /// <summary>The lines shipped (quantity each).</summary>
    public IReadOnlyList<CxmlOutboundLine> Lines { get; init; } = [];
}

/// <summary>InvoiceDetailRequest: a standard invoice for lines of one order, with shipping and tax.</summary>
public sealed record CxmlInvoice : CxmlOutboundDocument
{
    /// <summary>InvoiceDetailRequestHeader@invoiceID.</summary>
    public required string InvoiceId { get; init; }

    /// <summary>InvoiceDate.</summary>
    public required DateTimeOffset InvoiceDate { get; init; }

    /// <summary>Currency.</summary>
    public required string Currency { get; init; }

    /// <summary>The invoiced lines (Quantity = invoiced quantity).</summary>
    public required IReadOnlyList<CxmlOutboundLine> Lines { get; init; }

    /// <summary>Shipping.</summary>
    public decimal Shipping { get; init; }

    /// <summary>Tax.</summary>
    public decimal Tax { get; init; }
}
