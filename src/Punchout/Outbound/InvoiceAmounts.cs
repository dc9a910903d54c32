using Portal.Punchout.Money;

namespace Portal.Punchout.Outbound;

/// <summary>
/// An invoice's numbers in the currency's minor units, as sent: each line's unit price as
/// <see cref="CurrencyAmounts.Unit"/> sends it, its subtotal = quantity × that price rounded once, the subtotal
/// the sum of the lines, gross = subtotal + shipping + tax, net and due = gross. The figures add up exactly.
/// </summary>
public sealed record InvoiceAmounts(IReadOnlyList<InvoiceLineAmount> Lines, decimal Subtotal, decimal Shipping, decimal Tax, decimal Gross)
{
    /// <summary>Compute.</summary>
    public static InvoiceAmounts Compute(IReadOnlyList<CxmlOutboundLine> lines, decimal shipping, decimal tax, string currency)
    {
        var amounts = lines.Select(l =>
        {
            var unit = CurrencyAmounts.Unit(l.UnitPrice, currency);
            return new InvoiceLineAmount(l.LineNumber, unit, CurrencyAmounts.Round(unit.Price * l.Quantity / unit.PriceUnit, currency));
        }).ToList();
        var subtotal = amounts.Sum(a => a.Subtotal);
        var roundedShipping = CurrencyAmounts.Round(shipping, currency);
        var roundedTax = CurrencyAmounts.Round(tax, currency);
        return new InvoiceAmounts(amounts, subtotal, roundedShipping, roundedTax, subtotal + roundedShipping + roundedTax);
    }
}

/// <summary>A line's price as sent (with its price unit) and its subtotal.</summary>
public sealed record InvoiceLineAmount(int LineNumber, UnitAmount UnitPrice, decimal Subtotal);
