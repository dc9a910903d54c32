namespace Portal.Api.Features.Ordering;

/// <summary>An ordered price that differs from the quoted or current price.</summary>
public sealed class PriceMismatch
{
    public int Position { get; set; }
    public required string Sku { get; set; }
    public decimal OrderedUnitPrice { get; set; }
    /// <summary>The price the punchout session quoted for this line, when the line references one.</summary>
    public decimal? QuotedUnitPrice { get; set; }
    /// <summary>The account's price when the order arrived.</summary>
    public decimal CurrentUnitPrice { get; set; }
    /// <summary><c>differs-from-quote</c>, <c>not-quoted</c> (no punchout reference; differs from today's price) or <c>currency</c>.</summary>
    public required string Reason { get; set; }
}
