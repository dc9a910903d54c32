namespace Portal.Api.Features.Quotes;

// The `data` of the quote events (docs/events.md). Add fields freely; never remove or rename one.

public sealed record QuoteEventLine(int Position, string Sku, string Description, decimal Quantity, string Unit, decimal? TargetPrice, decimal? UnitPrice, decimal? LineTotal);

/// <summary><c>quote.requested</c>: the CRM hook.</summary>
public sealed record QuoteRequestedData(
    Guid QuoteId, string Number, Guid? RequesterId, Guid? OrgUnitId, string Currency, decimal RequestedValue, string? Message,
    DateOnly? RequestedDeliveryDate, IReadOnlyList<QuoteEventLine> Lines, DateTimeOffset RequestedAt);

/// <summary><c>quote.sent</c>: version <see cref="Version"/> was offered.</summary>
public sealed record QuoteSentData(
    Guid QuoteId, string Number, int Version, Guid? RequesterId, string Currency, decimal Total, decimal Saving, DateTimeOffset ValidUntil,
    IReadOnlyList<QuoteEventLine> Lines, string SentBy, DateTimeOffset SentAt);

/// <summary><c>quote.accepted</c>: the order it became.</summary>
public sealed record QuoteAcceptedData(
    Guid QuoteId, string Number, int Version, Guid OrderId, string OrderNumber, Guid? AcceptedBy, string Currency, decimal Total, DateTimeOffset AcceptedAt);

/// <summary><c>quote.expired</c>: the offer's validity passed unanswered.</summary>
public sealed record QuoteExpiredData(Guid QuoteId, string Number, int Version, Guid? RequesterId, DateTimeOffset ValidUntil, DateTimeOffset ExpiredAt);
