namespace Portal.Api.Features.Quotes;

/// <summary>A request for a quote: from a cart (<c>cartId</c>) or from lines (<c>lines</c>).</summary>
public sealed record CreateQuoteRequest
{
    public Guid? CartId { get; init; }

    public IReadOnlyList<QuoteLineInput>? Lines { get; init; }

    /// <summary>What the sales desk should know (up to 2,000 characters).</summary>
    public string? Message { get; init; }

    public DateOnly? RequestedDeliveryDate { get; init; }
}

/// <summary>A line the customer asks a price for.</summary>
public sealed record QuoteLineInput
{
    public string? Sku { get; init; }

    public decimal? Quantity { get; init; }

    /// <summary>The unit price the customer hopes for (optional).</summary>
    public decimal? TargetPrice { get; init; }

    public string? Note { get; init; }
}

/// <summary>The sales desk's draft of the next offer. Lines replace the draft's lines; absent fields stay.</summary>
public sealed record UpdateQuoteRequest
{
    public IReadOnlyList<QuoteOfferLineInput>? Lines { get; init; }

    /// <summary>Until when the offer binds (in the future, at most 366 days ahead).</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    public string? Note { get; init; }
}

/// <summary>A line of an offer; skus that were not asked for are alternatives or additions.</summary>
public sealed record QuoteOfferLineInput
{
    public string? Sku { get; init; }

    public decimal? Quantity { get; init; }

    public decimal? UnitPrice { get; init; }

    public int? LeadTimeDays { get; init; }

    public string? Note { get; init; }
}

/// <summary>Accepts an offer into an order. Send an <c>Idempotency-Key</c> header.</summary>
public sealed record AcceptQuoteRequest
{
    /// <summary>The version accepted; default the latest sent one. Any other is refused (409 quote-superseded).</summary>
    public int? Version { get; init; }

    public Guid? DeliveryAddressId { get; init; }

    /// <summary>The customer's purchase-order number (default: the quote number).</summary>
    public string? CustomerReference { get; init; }
}

/// <summary>Declines an offer.</summary>
public sealed record DeclineQuoteRequest
{
    public string? Reason { get; init; }
}

/// <summary>Asks the sales desk for a new version.</summary>
public sealed record ReviseQuoteRequest
{
    public string? Comment { get; init; }
}

/// <summary>Withdraws a quote (sales desk).</summary>
public sealed record WithdrawQuoteRequest
{
    public string? Reason { get; init; }
}
