namespace Portal.Api.Features.Events;

// The `data` of each event type. The SDK mirrors them as typed records (sdk/csharp/Webhooks); docs/events.md
// documents them. Add fields freely; never remove or rename one.

/// <summary><c>order.submitted</c>.</summary>
public sealed record OrderSubmittedData(
    Guid OrderId, string Number, string Status, string? CustomerReference, Guid? RequesterId, Guid? OrgUnitId,
    string Currency, decimal Total, string Source, IReadOnlyList<OrderLineData> Lines, DateTimeOffset CreatedAt);

public sealed record OrderLineData(int Position, string Sku, string Description, decimal Quantity, string Unit, decimal UnitPrice, decimal LineTotal, string? CostCenterCode, int? BuyerLineNumber);

/// <summary><c>order.status_changed</c>.</summary>
public sealed record OrderStatusChangedData(
    Guid OrderId, string Number, string From, string To, string? Reason, string? TrackingNumber, string? Carrier, DateTimeOffset ChangedAt);

/// <summary><c>order.cancelled</c>.</summary>
public sealed record OrderCancelledData(Guid OrderId, string Number, string From, string? Reason, DateTimeOffset CancelledAt);

/// <summary><c>price.conditions_changed</c>: what changed, not the conditions themselves (read them with GET).</summary>
public sealed record PriceConditionsChangedData(
    int Created, int Updated, int Deleted, IReadOnlyList<string> ConditionIds, IReadOnlyList<string> Skus, IReadOnlyList<Guid> CustomerIds, bool Truncated);

/// <summary><c>customer.updated</c>.</summary>
public sealed record CustomerUpdatedData(
    Guid CustomerId, string Number, string Name, string CustomerGroup, string Currency, string PricingStrategy, bool Active, DateTimeOffset UpdatedAt);

/// <summary><c>user.created</c>.</summary>
public sealed record UserCreatedData(Guid UserId, string Email, string Name, Guid OrgUnitId, string Language, IReadOnlyList<UserRoleData> Roles, DateTimeOffset CreatedAt);

public sealed record UserRoleData(string Role, Guid OrgUnitId);

/// <summary><c>webhook.ping</c>.</summary>
public sealed record WebhookPingData(Guid WebhookId, string Message);

/// <summary><c>order.invoiced</c>.</summary>
public sealed record OrderInvoicedData(
    Guid OrderId, string Number, Guid InvoiceId, string InvoiceNumber, DateOnly InvoiceDate, string Currency, IReadOnlyList<OrderInvoiceLineData> Lines,
    decimal Subtotal, decimal Shipping, decimal Tax, decimal Total, DateTimeOffset InvoicedAt);

public sealed record OrderInvoiceLineData(int LineNumber, string Sku, decimal Quantity, decimal UnitPrice, decimal Amount);
