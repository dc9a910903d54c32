namespace Portal.Punchout.Money;

/// <summary>
/// Amounts as buyer systems get them: rounded to the currency's minor units (ISO 4217 exponent), with a price
/// unit (per 10, 100, …) where a unit price really needs more precision than the currency has.
/// </summary>
public static class CurrencyAmounts
{
    /// <summary>Currencies whose minor unit is not the usual 2 (ISO 4217).</summary>
    private static readonly Dictionary<string, int> Exponents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0, ["PYG"] = 0,
        ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        ["CLF"] = 4, ["UYW"] = 4,
    };

    /// <summary>The largest price unit used (OCI's PRICEUNIT has 5 characters).</summary>
    public const int MaxPriceUnit = 10000;

    /// <summary>The number of decimals of <paramref name="currency"/> (2 when unknown).</summary>
    public static int MinorUnits(string? currency) => currency is not null && Exponents.TryGetValue(currency, out var digits) ? digits : 2;

    /// <summary>An amount rounded to the currency's minor units (half away from zero, as invoices do).</summary>
    public static decimal Round(decimal amount, string? currency) => Math.Round(amount, MinorUnits(currency), MidpointRounding.AwayFromZero);

    /// <summary>Rounding may change a price by this share at most before a price unit carries the precision (0.1 %).</summary>
    public const decimal Tolerance = 0.001m;

    /// <summary>
    /// A unit price as it can be sent: the price for <c>PriceUnit</c> units rounded to minor units. The price unit
    /// is 1 unless rounding to minor units would change the price by more than <see cref="Tolerance"/> (very cheap
    /// items); then the smallest power of ten (at most <see cref="MaxPriceUnit"/>) that keeps it within, e.g.
    /// 0.0035 EUR → 0.35 EUR per 100, while 124.3265 EUR is sent as 124.33 EUR.
    /// </summary>
    public static UnitAmount Unit(decimal unitPrice, string? currency)
    {
        var digits = MinorUnits(currency);
        var per = 1m;
        while (per < MaxPriceUnit
            && Math.Abs(Math.Round(unitPrice * per, digits, MidpointRounding.AwayFromZero) - unitPrice * per) > Math.Abs(unitPrice * per) * Tolerance)
        {
            per *= 10;
        }
        return new UnitAmount(Math.Round(unitPrice * per, digits, MidpointRounding.AwayFromZero), per);
    }

    /// <summary>The unit price a buyer system sees (<see cref="Unit"/>'s price divided by its price unit).</summary>
    public static decimal Effective(decimal unitPrice, string? currency)
    {
        var amount = Unit(unitPrice, currency);
        return amount.Price / amount.PriceUnit;
    }

    /// <summary>A line total: quantity × unit price, rounded once to minor units (the Total is the sum of these).</summary>
    public static decimal LineTotal(decimal unitPrice, decimal quantity, string? currency) => Round(unitPrice * quantity, currency);
}

/// <summary>A price for <see cref="PriceUnit"/> units of measure.</summary>
/// <param name="Price">The price, rounded to the currency's minor units.</param>
/// <param name="PriceUnit">How many units it is for (1, 10, 100, …).</param>
public sealed record UnitAmount(decimal Price, decimal PriceUnit)
{
    /// <summary>The price for one unit.</summary>
    public decimal PerUnit => Price / PriceUnit;
}
