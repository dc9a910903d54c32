namespace Portal.Api.Features.Ordering;

/// <summary>A status change from the ERP: confirmed, shipped (with tracking), delivered, cancelled (or approval outcomes).</summary>
public sealed record OrderStatusRequest
{
    [ContractEnum("OrderStatus")]
    public string? Status { get; init; }

    public string? Reason { get; init; }

    public string? TrackingNumber { get; init; }

    public string? Carrier { get; init; }
}
