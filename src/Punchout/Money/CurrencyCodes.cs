using System.Collections.Frozen;

namespace Portal.Punchout.Money;

/// <summary>
/// The ISO 4217 codes goods are priced and invoiced in: the active currencies (and those in their change-over
/// period: ANG/XCG, SLL/SLE, ZWL/ZWG). Fund codes (BOV, CHE, CLF, USN, …), precious metals (XAU, …), bond units
/// (XBA–XBD), SDRs and the testing and "no currency" codes (XTS, XXX) are not: an account, price condition or budget
/// in "ABC" or "XAU" is refused instead of being stored and sent to buyer systems that reject it.
/// </summary>
public static class CurrencyCodes
{
    /// <summary>The codes (upper case).</summary>
    public static readonly FrozenSet<string> All = FrozenSet.ToFrozenSet(
    [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND",
        "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF",
        "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD",
        "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
        "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
        "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN",
        "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP",
        "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
        "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
    ], StringComparer.Ordinal);

    /// <summary>The code in upper case when <paramref name="value"/> (trimmed, any case) is one of <see cref="All"/>, else null.</summary>
    public static string? Normalize(string? value)
    {
        var code = value?.Trim().ToUpperInvariant();
        return code is not null && All.Contains(code) ? code : null;
    }
}
