namespace Portal.Api.Features.Ordering;

/// <summary>
/// An order from a cart (<c>cartId</c>) or from lines directly (<c>lines</c>). Send an
/// <c>Idempotency-Key</c> header so that a retried request never places the order twice.
/// </summary>
public sealed record CreateOrderRequest
{
    public Guid? CartId { get; init; }

    public IReadOnlyList<CartLineInput>? Lines { get; init; }

    public Guid? DeliveryAddressId { get; init; }

    /// <summary>The customer's purchase-order number.</summary>
    public string? CustomerReference { get; init; }

    public string? Note { get; init; }
}
