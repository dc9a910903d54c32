namespace Portal.Api.Features.Quotes;

/// <summary>A line as the customer asked for it, with the account's prices when it was asked (stored as JSON with the quote).</summary>
public sealed class QuoteRequestedLine
{
    public int Position { get; set; }

    public string Sku { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public decimal Quantity { get; set; }

    /// <summary>The price per unit the customer hopes for.</summary>
    public decimal? TargetPrice { get; set; }

    /// <summary>The account's unit price when requested (null: the account has no price for the sku).</summary>
    public decimal? UnitPrice { get; set; }

    public decimal? ListPrice { get; set; }

    public string? Note { get; set; }
}
