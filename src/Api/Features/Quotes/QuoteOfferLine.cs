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

    /// <summary>
    /// The line as a version carries it: the draft's price and terms with the list price per unit (the unit price
    /// where the sku has none), the saving per unit and per line, its percentage and the line total.
    /// </summary>
    public static QuoteOfferLine Offered(QuoteOfferLine draft, int position, decimal? listPrice)
    {
        var list = listPrice ?? draft.UnitPrice;
        var lineTotal = QuoteService.Money(draft.UnitPrice * draft.Quantity);
        var saving = list - draft.UnitPrice;
        return new QuoteOfferLine
        {
            Position = position, Sku = draft.Sku, Description = draft.Description, Unit = draft.Unit, Quantity = draft.Quantity,
            UnitPrice = draft.UnitPrice, ListPrice = list, Saving = saving, LineTotal = lineTotal,
            LineSaving = QuoteService.Money(list * draft.Quantity) - lineTotal,
            SavingPercent = list > 0 ? Math.Round(saving / list * 100, 2, MidpointRounding.AwayFromZero) : 0,
            LeadTimeDays = draft.LeadTimeDays, Note = draft.Note, Alternative = draft.Alternative,
        };
    }
}
