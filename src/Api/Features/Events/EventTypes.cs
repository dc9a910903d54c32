namespace Portal.Api.Features.Events;

/// <summary>
/// The event types Portal publishes (docs/events.md has a schema per type). Names are a contract:
/// <c>resource.past_tense_verb</c>, never renamed once published. Later features (quotes, approvals,
/// budgets) add theirs here and publish them with <see cref="OutboxExtensions.AddEvent"/>.
/// </summary>
public static class EventTypes
{
    public const string OrderSubmitted = "order.submitted";
    public const string OrderStatusChanged = "order.status_changed";
    public const string OrderCancelled = "order.cancelled";
    public const string PriceConditionsChanged = "price.conditions_changed";
    public const string CustomerUpdated = "customer.updated";
    public const string UserCreated = "user.created";
    public const string ApprovalRequested = "approval.requested";
    public const string ApprovalDecided = "approval.decided";
    public const string ApprovalEscalated = "approval.escalated";
    public const string BudgetThresholdReached = "budget.threshold_reached";
    public const string QuoteRequested = "quote.requested";
    public const string QuoteSent = "quote.sent";
    public const string QuoteAccepted = "quote.accepted";
    public const string QuoteExpired = "quote.expired";
    public const string ReplenishmentRan = "replenishment.ran";
    public const string OrderInvoiced = "order.invoiced";

    /// <summary>Sent by <c>POST /api/v1/webhooks/{id}/ping</c> to that webhook only; not subscribable.</summary>
    public const string WebhookPing = "webhook.ping";

    /// <summary>The types a webhook can subscribe to, with what they mean.</summary>
    public static readonly IReadOnlyDictionary<string, string> Subscribable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OrderSubmitted] = "An order was placed (API, CSV import or cXML OrderRequest).",
        [OrderStatusChanged] = "An order moved to another status (confirmed, shipped with tracking, delivered, cancelled).",
        [OrderCancelled] = "An order was cancelled (by the buyer, the ERP or a cXML delete).",
        [PriceConditionsChanged] = "Price conditions were created, changed or deleted (supplier-side subscriptions only).",
        [CustomerUpdated] = "A customer account's master data changed.",
        [UserCreated] = "A user was created in a customer account.",
        [ApprovalRequested] = "An order needs approval (or its next level does); the approvers are notified.",
        [ApprovalDecided] = "A level of an order's approval was approved or rejected.",
        [ApprovalEscalated] = "A pending approval waited longer than its rule allows and went to the next level or the administrators.",
        [BudgetThresholdReached] = "A budget's consumption reached one of its thresholds (once per period and threshold).",
        [QuoteRequested] = "A customer asked for a quote (the CRM hook).",
        [QuoteSent] = "The sales desk sent a version of a quote; the requester gets it by mail with its PDF.",
        [QuoteAccepted] = "A quote was accepted and became an order at the quoted prices.",
        [QuoteExpired] = "An offered quote passed its validUntil unanswered.",
        [OrderInvoiced] = "The ERP invoiced (part of) an order (POST /api/v1/orders/{id}/invoices).",
        [ReplenishmentRan] = "A replenishment schedule ran for its period: a suggested cart was prepared, an order placed, or the run failed (the owner is notified).",
    };
}
