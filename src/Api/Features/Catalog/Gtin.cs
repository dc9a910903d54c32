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
