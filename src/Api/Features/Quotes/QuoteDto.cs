namespace Portal.Api.Features.Quotes;

/// <summary>
/// A quote: the requested lines, the lines of the latest sent version (or the requested ones before the
/// first offer), every sent version, and the history. <c>draft</c> is shown to the sales desk only.
/// </summary>
public sealed record QuoteDto(
    Guid Id, string Number, Guid CustomerId, string Status, int Version, Guid? RequesterId, Guid? OrgUnitId, string Currency,
    string? Message, DateOnly? RequestedDeliveryDate, string? ClaimedBy, decimal RequestedValue, decimal? Total, DateTimeOffset? ValidUntil,
    int? AcceptedVersion, Guid? OrderId, string? DeclineReason,
    IReadOnlyList<QuoteLineDto> Lines, IReadOnlyList<QuoteRequestedLineDto> RequestedLines, IReadOnlyList<QuoteVersionDto> Versions,
    QuoteDraftDto? Draft, IReadOnlyList<QuoteHistoryDto> History, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A line as shown: quoted price with the list price and saving (like price calculations).</summary>
public sealed record QuoteLineDto(
    int Position, string Sku, string Description, string Unit, decimal Quantity, decimal? UnitPrice, decimal? ListPrice, decimal? Saving,
    decimal? SavingPercent, decimal? LineTotal, decimal? LineSaving, decimal? TargetPrice, int? LeadTimeDays, string? Note, bool Alternative);

public sealed record QuoteRequestedLineDto(
    int Position, string Sku, string Description, string Unit, decimal Quantity, decimal? TargetPrice, decimal? UnitPrice, decimal? ListPrice, string? Note);

/// <summary>A sent, immutable offer; its PDF is at <c>pdfUrl</c>.</summary>
public sealed record QuoteVersionDto(
    int Version, string Currency, decimal Total, decimal ListTotal, decimal Saving, DateTimeOffset ValidUntil, string? Note, string SentBy, DateTimeOffset SentAt,
    bool Superseded, IReadOnlyList<QuoteLineDto> Lines, string PdfUrl);

/// <summary>The sales desk's draft of the next version, its lines as they would be sent now: list prices and savings from today's prices.</summary>
public sealed record QuoteDraftDto(IReadOnlyList<QuoteLineDto> Lines, DateTimeOffset? ValidUntil, string? Note);

/// <summary>One step: <c>action</c> (requested, claimed, updated, sent, revision-requested, accepted, declined, expired, withdrawn), status before and after, who and when.</summary>
public sealed record QuoteHistoryDto(string Action, string? From, string To, int? Version, string Actor, DateTimeOffset At, string? Comment, Guid? OrderId);

/// <summary>A quote in a list.</summary>
public sealed record QuoteSummaryDto(
    Guid Id, string Number, Guid CustomerId, string Status, int Version, Guid? RequesterId, Guid? OrgUnitId, string Currency,
    decimal RequestedValue, decimal? Total, DateTimeOffset? ValidUntil, string? ClaimedBy, int LineCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The order an accepted quote became.</summary>
public sealed record AcceptQuoteResult(Guid OrderId, string OrderNumber, string OrderStatus, Guid QuoteId, int Version);

/// <summary>List filters.</summary>
public sealed record QuoteFilter(
    string? Status, DateTimeOffset? From, DateTimeOffset? To, Guid? RequesterId, Guid? CustomerId, int? MinAgeHours, decimal? MinValue, decimal? MaxValue,
    int? Limit, string? Cursor);
