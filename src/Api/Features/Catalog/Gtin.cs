namespace Portal.Api.Features.Catalog;

/// <summary>
/// GS1 Global Trade Item Numbers (GTIN-8, -12, -13, -14). All are stored as 14 digits, left-padded with
/// zeros, which is the GS1 canonical form: padding does not change the check digit, so a code read with
/// or without its leading zeros normalises to the same value.
/// </summary>
public static class Gtin
{
    /// <summary>The lengths GS1 defines.</summary>
    public static readonly IReadOnlyList<int> StandardLengths = [8, 12, 13, 14];

    /// <summary>Outcome of parsing a code.</summary>
    public enum ParseError
    {
        None,
        Empty,
        NotDigits,
        BadLength,
        BadCheckDigit,
    }

    /// <summary>
    /// Parses a code as a barcode scanner reads it: surrounding white space is ignored; any 1 to 14 digits
    /// are accepted when <paramref name="allowStrippedZeros"/> (scanners and spreadsheets drop leading
    /// zeros), otherwise exactly 8, 12, 13 or 14 digits.
    /// </summary>
    public static ParseError TryNormalize(string? code, bool allowStrippedZeros, out string normalized)
    {
        normalized = string.Empty;
        var text = code?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return ParseError.Empty;
        }
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return ParseError.NotDigits;
            }
        }
        if (text.Length > 14 || (!allowStrippedZeros && !StandardLengths.Contains(text.Length)))
        {
            return ParseError.BadLength;
        }
        var padded = text.PadLeft(14, '0');
        if (padded.All(c => c == '0'))
        {
            return ParseError.BadCheckDigit;
        }
        if (ComputeCheckDigit(padded.AsSpan(0, 13)) != padded[13] - '0')
        {
            return ParseError.BadCheckDigit;
        }
        normalized = padded;
        return ParseError.None;
    }

    /// <summary>
    /// What a scanner sends for a GS1 barcode, reduced to the GTIN it carries. A symbology identifier (<c>]C1</c>
    /// GS1-128, <c>]d2</c> GS1 DataMatrix, <c>]Q3</c> GS1 QR Code, <c>]e0</c> GS1 DataBar, <c>]E0</c> EAN-13, …) and a
    /// leading FNC1 (GS, U+001D) are dropped. A GS1 element string — application identifier 01 (the item's GTIN) or
    /// 02 (the GTIN of the items a logistic unit holds) and its 14 digits, as scanned (<c>0104012345678901</c>
    /// <c>17271231</c> <c>10LOT7</c>…) or in the printed form (<c>(01)04012345678901(10)LOT7</c>) — gives those 14
    /// digits; the identifiers after it (batch, expiry, serial number) are not needed to find the product. Anything
    /// else comes back as it is, for <see cref="TryNormalize"/> to judge.
    /// </summary>
    public static string FromScan(string? scanned)
    {
        var text = ElementString(scanned);
        if (text.Length >= 18 && (text.StartsWith("(01)", StringComparison.Ordinal) || text.StartsWith("(02)", StringComparison.Ordinal))
            && AllDigits(text.AsSpan(4, 14)) && (text.Length == 18 || text[18] == '('))
        {
            return text.Substring(4, 14);
        }
        // A GTIN has at most 14 digits: 16 characters or more starting with 01 or 02 are an element string.
        if (text.Length >= 16 && (text.StartsWith("01", StringComparison.Ordinal) || text.StartsWith("02", StringComparison.Ordinal))
            && AllDigits(text.AsSpan(2, 14)))
        {
            return text.Substring(2, 14);
        }
        return text;
    }

    /// <summary>
    /// The count of trade items (application identifier 37) a logistic unit's label gives with the GTIN of the items
    /// it holds (AI 02): <c>(02)04006381333931(37)12</c>, or as scanned, <c>0204006381333931</c><c>3712</c> with GS
    /// after a variable-length field. Null when the string names no such count (a single item's barcode, AI 01), or
    /// the count is not 1 to 8 digits or is 0. Fields between are skipped by the GS1 table of predefined lengths (the
    /// AI's first two digits); a field not in it runs to the next GS.
    /// </summary>
    public static int? ContainedCount(string? scanned)
    {
        var text = ElementString(scanned);
        string? count = null;
        if (text.StartsWith("(02)", StringComparison.Ordinal))
        {
            var at = text.IndexOf("(37)", StringComparison.Ordinal);
            if (at > 0)
            {
                var end = text.IndexOf('(', at + 4);
                count = end < 0 ? text[(at + 4)..] : text[(at + 4)..end];
            }
        }
        else if (text.Length >= 16 && text.StartsWith("02", StringComparison.Ordinal))
        {
            var position = 0;
            while (position + 2 <= text.Length)
            {
                var ai = text.Substring(position, 2);
                if (ai == "37")
                {
                    var end = text.IndexOf(GroupSeparator, position);
                    count = end < 0 ? text[(position + 2)..] : text[(position + 2)..end];
                    break;
                }
                if (PredefinedLengths.TryGetValue(ai, out var length))
                {
                    position += length;
                    if (position < text.Length && text[position] == GroupSeparator)
                    {
                        position++; // allowed, though not needed, after a fixed-length field
                    }
                    continue;
                }
                var next = text.IndexOf(GroupSeparator, position);
                if (next < 0)
                {
                    break;
                }
                position = next + 1;
            }
        }
        return count is { Length: >= 1 and <= 8 } && AllDigits(count) && int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) is > 0 and var n ? n : null;
    }

    /// <summary>What a scanner sent without its symbology identifier (<c>]d2</c>) and a leading FNC1 (GS).</summary>
    private static string ElementString(string? scanned)
    {
        var text = scanned?.Trim() ?? string.Empty;
        if (text.Length >= 3 && text[0] == ']' && char.IsAsciiLetter(text[1]) && char.IsAsciiLetterOrDigit(text[2]))
        {
            text = text[3..];
        }
        return text.TrimStart(GroupSeparator);
    }

    /// <summary>GS1 General Specifications, figure 7.8.5-2: element strings of predefined length (AI and data), by the AI's first two digits.</summary>
    private static readonly Dictionary<string, int> PredefinedLengths = new(StringComparer.Ordinal)
    {
        ["00"] = 20, ["01"] = 16, ["02"] = 16, ["03"] = 16, ["04"] = 18, ["11"] = 8, ["12"] = 8, ["13"] = 8, ["14"] = 8, ["15"] = 8,
        ["16"] = 8, ["17"] = 8, ["18"] = 8, ["19"] = 8, ["20"] = 4, ["31"] = 10, ["32"] = 10, ["33"] = 10, ["34"] = 10, ["35"] = 10,
        ["36"] = 10, ["41"] = 16,
    };

    /// <summary>FNC1 as scanners transmit it between GS1 element strings (ASCII GS).</summary>
    public const char GroupSeparator = '\u001d';

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The GS1 mod-10 check digit for the digits before it: weights 3 and 1 alternate from the rightmost
    /// digit leftwards.
    /// </summary>
    public static int ComputeCheckDigit(ReadOnlySpan<char> digitsWithoutCheck)
    {
        var sum = 0;
        var weight = 3;
        for (var i = digitsWithoutCheck.Length - 1; i >= 0; i--)
        {
            sum += (digitsWithoutCheck[i] - '0') * weight;
            weight = weight == 3 ? 1 : 3;
        }
        return (10 - (sum % 10)) % 10;
    }

    /// <summary>Appends the check digit to <paramref name="digitsWithoutCheck"/>.</summary>
    public static string WithCheckDigit(string digitsWithoutCheck) =>
        digitsWithoutCheck + ComputeCheckDigit(digitsWithoutCheck).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A human-readable reason for a parse error.</summary>
    public static string Describe(ParseError error) => error switch
    {
        ParseError.Empty => "The GTIN is empty.",
        ParseError.NotDigits => "A GTIN consists of digits only.",
        ParseError.BadLength => "A GTIN has 8, 12, 13 or 14 digits.",
        ParseError.BadCheckDigit => "The GTIN's check digit is wrong.",
        _ => string.Empty,
    };
}
