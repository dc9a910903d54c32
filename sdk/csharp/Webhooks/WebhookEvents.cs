using System.Text.Json;

namespace Portal.Client.Webhooks;

/// <summary>
/// The envelope of every webhook body (docs/events.md): <c>{ id, type, timestamp, customerId, data }</c>.
/// De-duplicate by <see cref="Id"/>: delivery is at least once.
/// </summary>
public sealed class WebhookEvent
{
    /// <summary>The event id (<c>evt_...</c>), also the <c>webhook-id</c> header.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The event type (<see cref="WebhookEventTypes"/>).</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>When the change happened.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The customer account; null for supplier-wide events.</summary>
    public Guid? CustomerId { get; set; }

    /// <summary>The type-specific payload; read it with <see cref="GetData{T}"/>.</summary>
    public JsonElement Data { get; set; }

    /// <summary>The payload as one of the typed records (<see cref="OrderSubmittedEvent"/>, ...).</summary>
    public T GetData<T>() => Data.Deserialize<T>(WebhookVerifier.Json)
        ?? throw new JsonException($"The event {Id} has no data.");

    /// <summary>Parses a body (after it verified).</summary>
    public static WebhookEvent Parse(string body) =>
        JsonSerializer.Deserialize<WebhookEvent>(body, WebhookVerifier.Json) ?? throw new JsonException("The body is not an event.");
}

/// <summary>The event types Portal publishes.</summary>
public static class WebhookEventTypes
{
    /// <summary>An order was placed.</summary>
    public const string OrderSubmitted = "order.submitted";

    /// <summary>An order moved to another status.</summary>
    public const string OrderStatusChanged = "order.status_changed";

    /// <summary>An order was cancelled.</summary>
    public const string OrderCancelled = "order.cancelled";

    /// <summary>The ERP invoiced (part of) an order.</summary>
    public const string OrderInvoiced = "order.invoiced";

    /// <summary>Price conditions changed (supplier-wide).</summary>
    public const string PriceConditionsChanged = "price.conditions_changed";

    /// <summary>A customer account's master data changed.</summary>
    public const string CustomerUpdated = "customer.updated";

    /// <summary>A user was created.</summary>
    public const string UserCreated = "user.created";

    /// <summary>A test event from <c>POST /api/v1/webhooks/{id}/ping</c>.</summary>
    public const string WebhookPing = "webhook.ping";

    /// <summary>A customer asked for a quote (the CRM hook).</summary>
    public const string QuoteRequested = "quote.requested";

    /// <summary>The sales desk sent a version of a quote.</summary>
    public const string QuoteSent = "quote.sent";

    /// <summary>A quote was accepted into an order.</summary>
    public const string QuoteAccepted = "quote.accepted";

    /// <summary>An offered quote passed its validity unanswered.</summary>
    public const string QuoteExpired = "quote.expired";
}

/// <summary>The data of <c>order.submitted</c>.</summary>
public sealed class OrderSubmittedEvent
{
    /// <summary>The order.</summary>
    public Guid OrderId { get; set; }
    /// <summary>The order number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary><c>submitted</c>.</summary>
    public string Status { get; set; } = string.Empty;
    /// <summary>The buyer's reference.</summary>
    public string? CustomerReference { get; set; }
    /// <summary>The user who placed it.</summary>
    public Guid? RequesterId { get; set; }
    /// <summary>The requester's org unit.</summary>
    public Guid? OrgUnitId { get; set; }
    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = string.Empty;
    /// <summary>Net total.</summary>
    public decimal Total { get; set; }
    /// <summary><c>api</c>, <c>csv</c> or <c>cxml</c>.</summary>
    public string Source { get; set; } = string.Empty;
    /// <summary>The lines.</summary>
    public List<OrderLineEventData> Lines { get; set; } = [];
    /// <summary>When it was placed.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A line of <see cref="OrderSubmittedEvent"/>.</summary>
public sealed class OrderLineEventData
{
    /// <summary>1-based.</summary>
    public int Position { get; set; }
    /// <summary>The product.</summary>
    public string Sku { get; set; } = string.Empty;
    /// <summary>The product's name at ordering.</summary>
    public string Description { get; set; } = string.Empty;
    /// <summary>The quantity.</summary>
    public decimal Quantity { get; set; }
    /// <summary>The unit of measure.</summary>
    public string Unit { get; set; } = string.Empty;
    /// <summary>The net unit price.</summary>
    public decimal UnitPrice { get; set; }
    /// <summary>The net line total.</summary>
    public decimal LineTotal { get; set; }
    /// <summary>The cost center's code.</summary>
    public string? CostCenterCode { get; set; }
    /// <summary>The line's number in the buyer's purchase order (cXML <c>ItemOut@lineNumber</c>); null for other channels.</summary>
    public int? BuyerLineNumber { get; set; }
}

/// <summary>The data of <c>order.status_changed</c>.</summary>
public sealed class OrderStatusChangedEvent
{
    /// <summary>The order.</summary>
    public Guid OrderId { get; set; }
    /// <summary>The order number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary>The previous status.</summary>
    public string From { get; set; } = string.Empty;
    /// <summary>The new status.</summary>
    public string To { get; set; } = string.Empty;
    /// <summary>Why.</summary>
    public string? Reason { get; set; }
    /// <summary>For shipped: the tracking number.</summary>
    public string? TrackingNumber { get; set; }
    /// <summary>For shipped: the carrier.</summary>
    public string? Carrier { get; set; }
    /// <summary>When.</summary>
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>The data of <c>order.cancelled</c>.</summary>
public sealed class OrderCancelledEvent
{
    /// <summary>The order.</summary>
    public Guid OrderId { get; set; }
    /// <summary>The order number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary>The status it had.</summary>
    public string From { get; set; } = string.Empty;
    /// <summary>Why.</summary>
    public string? Reason { get; set; }
    /// <summary>When.</summary>
    public DateTimeOffset CancelledAt { get; set; }
}

/// <summary>The data of <c>order.invoiced</c>.</summary>
public sealed class OrderInvoicedEvent
{
    /// <summary>The order.</summary>
    public Guid OrderId { get; set; }
    /// <summary>The order number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary>The invoice.</summary>
    public Guid InvoiceId { get; set; }
    /// <summary>The ERP's invoice number.</summary>
    public string InvoiceNumber { get; set; } = string.Empty;
    /// <summary>The invoice date (yyyy-MM-dd).</summary>
    public string InvoiceDate { get; set; } = string.Empty;
    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = string.Empty;
    /// <summary>The invoiced lines.</summary>
    public List<OrderInvoiceLineEventData> Lines { get; set; } = [];
    /// <summary>The sum of the lines.</summary>
    public decimal Subtotal { get; set; }
    /// <summary>Shipping charged.</summary>
    public decimal Shipping { get; set; }
    /// <summary>Tax charged.</summary>
    public decimal Tax { get; set; }
    /// <summary>Subtotal + shipping + tax.</summary>
    public decimal Total { get; set; }
    /// <summary>When.</summary>
    public DateTimeOffset InvoicedAt { get; set; }
}

/// <summary>An invoiced line of <c>order.invoiced</c>.</summary>
public sealed class OrderInvoiceLineEventData
{
    /// <summary>The order line's position.</summary>
    public int LineNumber { get; set; }
    /// <summary>The sku.</summary>
    public string Sku { get; set; } = string.Empty;
    /// <summary>The invoiced quantity.</summary>
    public decimal Quantity { get; set; }
    /// <summary>The unit price (minor units).</summary>
    public decimal UnitPrice { get; set; }
    /// <summary>Quantity × unit price, rounded.</summary>
    public decimal Amount { get; set; }
}

/// <summary>The data of <c>price.conditions_changed</c>.</summary>
public sealed class PriceConditionsChangedEvent
{
    /// <summary>Created conditions.</summary>
    public int Created { get; set; }
    /// <summary>Changed conditions.</summary>
    public int Updated { get; set; }
    /// <summary>Deleted conditions.</summary>
    public int Deleted { get; set; }
    /// <summary>The conditions' ids (at most 1,000).</summary>
    public List<string> ConditionIds { get; set; } = [];
    /// <summary>The skus concerned (at most 1,000).</summary>
    public List<string> Skus { get; set; } = [];
    /// <summary>The accounts of customer-specific conditions (at most 1,000).</summary>
    public List<Guid> CustomerIds { get; set; } = [];
    /// <summary>A list was cut at 1,000.</summary>
    public bool Truncated { get; set; }
}

/// <summary>The data of <c>customer.updated</c>.</summary>
public sealed class CustomerUpdatedEvent
{
    /// <summary>The account.</summary>
    public Guid CustomerId { get; set; }
    /// <summary>Its ERP number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary>Its name.</summary>
    public string Name { get; set; } = string.Empty;
    /// <summary>Its customer group.</summary>
    public string CustomerGroup { get; set; } = string.Empty;
    /// <summary>Its default currency.</summary>
    public string Currency { get; set; } = string.Empty;
    /// <summary><c>priority</c> or <c>lowestPrice</c>.</summary>
    public string PricingStrategy { get; set; } = string.Empty;
    /// <summary>Whether it may work.</summary>
    public bool Active { get; set; }
    /// <summary>When.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The data of <c>user.created</c>.</summary>
public sealed class UserCreatedEvent
{
    /// <summary>The user.</summary>
    public Guid UserId { get; set; }
    /// <summary>Their e-mail address.</summary>
    public string Email { get; set; } = string.Empty;
    /// <summary>Their name.</summary>
    public string Name { get; set; } = string.Empty;
    /// <summary>Their home unit.</summary>
    public Guid OrgUnitId { get; set; }
    /// <summary><c>de</c> or <c>en</c>.</summary>
    public string Language { get; set; } = string.Empty;
    /// <summary>Their role grants.</summary>
    public List<UserRoleEventData> Roles { get; set; } = [];
    /// <summary>When.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A role grant of <see cref="UserCreatedEvent"/>.</summary>
public sealed class UserRoleEventData
{
    /// <summary>The role.</summary>
    public string Role { get; set; } = string.Empty;
    /// <summary>Where it is granted.</summary>
    public Guid OrgUnitId { get; set; }
}

/// <summary>The data of <c>webhook.ping</c>.</summary>
public sealed class WebhookPingEvent
{
    /// <summary>The webhook.</summary>
    public Guid WebhookId { get; set; }
    /// <summary>A greeting.</summary>
    public string Message { get; set; } = string.Empty;
}

/// <summary>A line of a quote event.</summary>
public sealed class QuoteLineEventData
{
    /// <summary>1-based.</summary>
    public int Position { get; set; }
    /// <summary>The product.</summary>
    public string Sku { get; set; } = string.Empty;
    /// <summary>The product name.</summary>
    public string Description { get; set; } = string.Empty;
    /// <summary>The quantity.</summary>
    public decimal Quantity { get; set; }
    /// <summary>The unit of measure.</summary>
    public string Unit { get; set; } = string.Empty;
    /// <summary>The customer's target price (quote.requested).</summary>
    public decimal? TargetPrice { get; set; }
    /// <summary>The account's price (quote.requested) or the quoted one (quote.sent).</summary>
    public decimal? UnitPrice { get; set; }
    /// <summary>The line total.</summary>
    public decimal? LineTotal { get; set; }
}

/// <summary>The data of <c>quote.requested</c>.</summary>
public sealed class QuoteRequestedEvent
{
    /// <summary>The quote.</summary>
    public Guid QuoteId { get; set; }
    /// <summary>The quote number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary>Who asked.</summary>
    public Guid? RequesterId { get; set; }
    /// <summary>The requester's org unit.</summary>
    public Guid? OrgUnitId { get; set; }
    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = string.Empty;
    /// <summary>The request at the account's prices.</summary>
    public decimal RequestedValue { get; set; }
    /// <summary>The customer's message.</summary>
    public string? Message { get; set; }
    /// <summary>The wanted delivery date.</summary>
    public DateTime? RequestedDeliveryDate { get; set; }
    /// <summary>The lines.</summary>
    public List<QuoteLineEventData> Lines { get; set; } = [];
    /// <summary>When.</summary>
    public DateTimeOffset RequestedAt { get; set; }
}

/// <summary>The data of <c>quote.sent</c>.</summary>
public sealed class QuoteSentEvent
{
    /// <summary>The quote.</summary>
    public Guid QuoteId { get; set; }
    /// <summary>The quote number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary>The version sent.</summary>
    public int Version { get; set; }
    /// <summary>The requester.</summary>
    public Guid? RequesterId { get; set; }
    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = string.Empty;
    /// <summary>The offer's total.</summary>
    public decimal Total { get; set; }
    /// <summary>The saving against list prices.</summary>
    public decimal Saving { get; set; }
    /// <summary>Until when the offer binds.</summary>
    public DateTimeOffset ValidUntil { get; set; }
    /// <summary>The lines.</summary>
    public List<QuoteLineEventData> Lines { get; set; } = [];
    /// <summary>The sales desk client.</summary>
    public string SentBy { get; set; } = string.Empty;
    /// <summary>When.</summary>
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>The data of <c>quote.accepted</c>.</summary>
public sealed class QuoteAcceptedEvent
{
    /// <summary>The quote.</summary>
    public Guid QuoteId { get; set; }
    /// <summary>The quote number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary>The version accepted.</summary>
    public int Version { get; set; }
    /// <summary>The order it became.</summary>
    public Guid OrderId { get; set; }
    /// <summary>The order number.</summary>
    public string OrderNumber { get; set; } = string.Empty;
    /// <summary>The user who accepted.</summary>
    public Guid? AcceptedBy { get; set; }
    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = string.Empty;
    /// <summary>The order total.</summary>
    public decimal Total { get; set; }
    /// <summary>When.</summary>
    public DateTimeOffset AcceptedAt { get; set; }
}

/// <summary>The data of <c>quote.expired</c>.</summary>
public sealed class QuoteExpiredEvent
{
    /// <summary>The quote.</summary>
    public Guid QuoteId { get; set; }
    /// <summary>The quote number.</summary>
    public string Number { get; set; } = string.Empty;
    /// <summary>Its latest version.</summary>
    public int Version { get; set; }
    /// <summary>The requester.</summary>
    public Guid? RequesterId { get; set; }
    /// <summary>The validity that passed.</summary>
    public DateTimeOffset ValidUntil { get; set; }
    /// <summary>When it was marked.</summary>
    public DateTimeOffset ExpiredAt { get; set; }
}
