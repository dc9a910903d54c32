using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Portal.Punchout.Money;

namespace Portal.Punchout.Oci;

/// <summary>
/// OCI 4.0 field formats: texts cut to the field's length, identifiers left out rather than cut (a wrong
/// article number is worse than none), numbers with a decimal point, no thousands separator, at most 11 integer
/// and 3 decimal digits (never cut: a number that does not fit is an error), characters the buyer's charset cannot
/// carry replaced by '?'.
/// </summary>
public static partial class OciFields
{
    /// <summary>OCI 4.0 field lengths (characters) of the NEW_ITEM fields Portal sends.</summary>
    public static readonly IReadOnlyDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["DESCRIPTION"] = 40, ["MATNR"] = 40, ["QUANTITY"] = 15, ["UNIT"] = 3, ["PRICE"] = 15, ["PRICEUNIT"] = 5, ["CURRENCY"] = 5,
        ["LEADTIME"] = 5, ["VENDOR"] = 10, ["VENDORMAT"] = 40, ["MANUFACTCODE"] = 10, ["MANUFACTMAT"] = 40, ["MATGROUP"] = 10,
        ["CONTRACT"] = 10, ["CONTRACT_ITEM"] = 5, ["EXT_QUOTE_ID"] = 35, ["EXT_QUOTE_ITEM"] = 10, ["EXT_PRODUCT_ID"] = 40,
        ["CUST_FIELD1"] = 10, ["CUST_FIELD2"] = 10, ["CUST_FIELD3"] = 10, ["CUST_FIELD4"] = 20, ["CUST_FIELD5"] = 50,
    };

    /// <summary>Charsets a buyer system may ask for; anything else (or nothing) means UTF-8.</summary>
    public static string NormalizeCharset(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset) || charset.Length > 40)
        {
            return "UTF-8";
        }
        try
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            var encoding = Encoding.GetEncoding(charset.Trim());
            return encoding.CodePage == Encoding.UTF8.CodePage ? "UTF-8" : encoding.WebName.ToUpperInvariant();
        }
        catch (ArgumentException)
        {
            return "UTF-8";
        }
    }

    /// <summary>A text cut to <paramref name="length"/> characters, in <paramref name="charset"/> ('?' for what it cannot carry).</summary>
    public static string Text(string? text, int length, string charset)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var clean = Whitespace().Replace(text, " ").Trim();
        if (!charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase))
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            var encoding = Encoding.GetEncoding(charset, new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);
            clean = encoding.GetString(encoding.GetBytes(clean));
        }
        return clean.Length <= length ? clean : clean[..length].TrimEnd();
    }

    /// <summary>An identifier, or null when it does not fit (never cut).</summary>
    public static string? Id(string? id, int length) => string.IsNullOrWhiteSpace(id) || id.Trim().Length > length ? null : id.Trim();

    /// <summary>A number: decimal point, no grouping, at most 11 integer and <paramref name="decimals"/> (≤ 3) decimal digits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number does not fit: numbers are never cut.</exception>
    public static string Number(decimal value, int decimals = 3)
    {
        decimals = Math.Clamp(decimals, 0, 3);
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        if (rounded != value || Math.Abs(rounded) >= 100_000_000_000m)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The number does not fit OCI's 11 integer and 3 decimal digits.");
        }
        return rounded.ToString(decimals == 0 ? "0" : "0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>A price for a price unit, in the currency's minor units (at most 3).</summary>
    public static (string Price, string PriceUnit) Price(decimal unitPrice, string currency)
    {
        var amount = CurrencyAmounts.Unit(unitPrice, currency);
        var digits = Math.Min(3, CurrencyAmounts.MinorUnits(currency));
        var price = amount.Price.ToString(digits == 0 ? "0" : "0." + new string('0', digits), CultureInfo.InvariantCulture);
        if (price.Length > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(unitPrice), unitPrice, "The price does not fit OCI's PRICE field.");
        }
        return (price, Number(amount.PriceUnit, 0));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
