namespace Portal.Api.Features.Quotes;

/// <summary>
/// A line of an offer: the sales desk's draft (unit price, lead time, note) and, once sent, a line of an
/// immutable version with the list price and saving from the pricing core. Stored as JSON with its row.
/// </summary>
public sealed class QuoteOfferLine
{
    public int Position { get; set; }

    public string Sku { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    /// <summary>The list price per unit when the version was sent (the unit price when the sku has none).</summary>
    public decimal ListPrice { get; set; }

    /// <summary>List price minus unit price, per unit (negative when the offer is above list).</summary>
    public decimal Saving { get; set; }

    public decimal LineSaving { get; set; }

    public decimal SavingPercent { get; set; }

    public decimal LineTotal { get; set; }

    public int? LeadTimeDays { get; set; }

    public string? Note { get; set; }

    /// <summary>True for a line whose sku was not asked for (an alternative product or an addition).</summary>
    public bool Alternative { get; set; }
}
