using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Punchout.Cxml;

/// <summary>Lookups by local name in any order, trimmed text, invariant numbers, lenient timestamps.</summary>
public static partial class CxmlReader
{

    private static CxmlElement? Child(CxmlElement? parent, string name) => parent?.Child(name);

    private static IEnumerable<CxmlElement> Children(CxmlElement? parent, string name) => parent is null ? [] : parent.Children(name);

    /// <summary>The child elements named <paramref name="name"/> read with <paramref name="read"/>, in document order.</summary>
    private static List<T> All<T>(CxmlElement? parent, string name, Func<CxmlElement, T> read)
    {
        var list = new List<T>();
        for (var e = parent?.Child(name); e is not null; e = e.NextSibling(name))
        {
            list.Add(read(e));
        }
        return list;
    }

    private static string? Attr(CxmlElement? e, string name, string ns = "")
    {
        var value = e?.Attribute(name, ns)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>All text inside the element, trimmed; null when absent or empty.</summary>
    private static string? Text(CxmlElement? e)
    {
        var value = e?.TrimmedValue;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Only the element's own text (Description is mixed content with an optional ShortName).</summary>
    private static string? DirectText(CxmlElement? e)
    {
        if (e is null)
        {
            return null;
        }
        var value = e.TrimmedDirectText();
        return value.Length == 0 ? Text(e) : value;
    }

    private static string? ReadComments(CxmlElement parent)
    {
        if (parent.Child("Comments") is null)
        {
            return null;
        }
        // A comment that only carries Attachment elements is an attachment (its cid: URL), not text.
        var comments = Children(parent, "Comments")
            .Where(c => c.HasNonWhiteSpaceText() || c.Child("Attachment") is null)
            .Select(DirectText).OfType<string>().ToList();
        return comments.Count == 0 ? null : string.Join("\n", comments);
    }

    /// <summary>Comments/Attachment/URL in document order.</summary>
    private static List<CxmlAttachmentReference> ReadAttachments(CxmlElement parent) =>
        parent.Child("Comments") is null ? [] : Children(parent, "Comments").SelectMany(c => Children(c, "Attachment"))
            .Select(a => Child(a, "URL")).OfType<CxmlElement>()
            .Select(u => Text(u) is { } url ? new CxmlAttachmentReference(url, Attr(u, "name")) : null)
            .OfType<CxmlAttachmentReference>().ToList();

    private static List<CxmlExtrinsic> Extrinsics(CxmlElement parent)
    {
        var extrinsics = new List<CxmlExtrinsic>();
        for (var x = parent.Child("Extrinsic"); x is not null; x = x.NextSibling("Extrinsic"))
        {
            extrinsics.Add(new CxmlExtrinsic(Attr(x, "name") ?? "", Text(x) ?? ""));
        }
        return extrinsics;
    }

    private static CxmlMoney ReadMoney(CxmlElement? money, string what)
    {
        if (money is null)
        {
            throw Bad($"{what} is missing.");
        }
        var currency = Attr(money, "currency") ?? throw Bad($"{what}@currency is missing.");
        try
        {
            return new CxmlMoney(ParseDecimal(money.Value, what), currency);
        }
        catch (CxmlFormatException) when (!money.WhitespaceRead)
        {
            // Whitespace around the amount never changes the number, but the refusal quotes the text as sent.
            throw new WhitespaceNeededException();
        }
    }

    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
        | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private static decimal ParseDecimal(string value, string what) =>
        TryParsePlainDecimal(value, out var result) || decimal.TryParse(value, DecimalStyle, CultureInfo.InvariantCulture, out result)
            ? result
            // Lenient: a decimal comma with one or two decimals ("1505,0", "12,50", as a published Coupa sample has it)
            // cannot be a thousands separator; three digits after a comma ("1,505") stay ambiguous and are refused.
            : DecimalComma().IsMatch(value) && decimal.TryParse(value.Replace(',', '.'), DecimalStyle, CultureInfo.InvariantCulture, out result)
                ? result
                : throw Bad($"{what} is not a number: '{Clip(value)}'.");

    /// <summary>
    /// The common case without the general parser: at most 18 ASCII digits with an optional '.' between digits ("3",
    /// "12.50"), the same value and scale decimal.TryParse gives.
    /// </summary>
    private static bool TryParsePlainDecimal(string value, out decimal result)
    {
        result = 0m;
        if (value.Length is 0 or > 18)
        {
            return false;
        }
        long digits = 0;
        var scale = -1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits = digits * 10 + (c - '0');
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (c == '.' && scale < 0 && i > 0 && i < value.Length - 1)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }
        result = new decimal(unchecked((int)digits), (int)(digits >> 32), 0, false, (byte)Math.Max(scale, 0));
        return true;
    }

    [GeneratedRegex(@"^\s*-?\d+,\d{1,2}\s*$")]
    private static partial Regex DecimalComma();

    private static int ParseInt(string value, string what)
    {
        var number = ParseDecimal(value, what);
        return number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw Bad($"{what} is not a whole number: '{Clip(value)}'.");
    }

    /// <summary>
    /// A date as buyer systems write it: ISO 8601 with <c>+01:00</c>, <c>+0100</c>, <c>Z</c> or no offset (taken as
    /// UTC), with or without seconds or fractional seconds (more than 7 digits are cut), a plain date, RFC 1123
    /// (<c>Mon, 19 May 2008 18:29:48 GMT</c>), or Ruby/Unix <c>date</c> style (<c>Mon May 19 18:29:48 +0000 2008</c>,
    /// <c>Mon May 19 18:29:48 UTC 2008</c>). Null when it is none of these.
    /// </summary>
    internal static DateTimeOffset? TryParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 100)
        {
            return null;
        }
        var text = value.Trim();
        // Rails/Ruby "2008-05-19 18:29:48 UTC": a zone name at the end of a numeric date is an offset.
        var iso = LongFraction().Replace(text, m => m.Groups[1].Value);
        if (char.IsDigit(iso[0]) && (iso.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase) || iso.EndsWith(" GMT", StringComparison.OrdinalIgnoreCase)))
        {
            iso = iso[..^4] + " +00:00";
        }
        iso = OffsetWithoutColon().Replace(iso, m => $"{m.Groups[1].Value}:{m.Groups[2].Value}");
        if (DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var result))
        {
            return result;
        }
        // Unix date: "Mon May 19 18:29:48 +0000 2008" / "... UTC 2008" / "... PST 2008" (zone names other than UTC/GMT/Z taken as UTC).
        var unix = UnixDate().Match(text);
        if (unix.Success)
        {
            var zone = unix.Groups["zone"].Value;
            var offset = zone.Length == 5 && zone[0] is '+' or '-' ? $"{zone[..3]}:{zone[3..]}" : "+00:00";
            var rebuilt = $"{unix.Groups["day"].Value} {unix.Groups["month"].Value} {unix.Groups["year"].Value} {unix.Groups["time"].Value} {offset}";
            if (DateTimeOffset.TryParseExact(rebuilt, ["d MMM yyyy H:mm:ss zzz", "d MMM yyyy H:mm zzz"], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out result))
            {
                return result;
            }
        }
        // ... and SAP's German day-first dates ("30.05.2008", "30.05.2008 14:00"): with dots, the day always comes first.
        return DateTimeOffset.TryParseExact(text, ["r", "ddd, d MMM yyyy H:mm:ss zzz", "ddd, d MMM yyyy H:mm:ss 'UTC'", "d.M.yyyy", "d.M.yyyy H:mm", "d.M.yyyy H:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out result)
            ? result
            : null;
    }

    /// <summary>
    /// A lenient date attribute, read once: its date, or, when it is given but no date Portal can read, the text as sent
    /// (trimmed, cut to 100 characters) so that it is not lost.
    /// </summary>
    internal static (DateTimeOffset? Date, string? Unreadable) ReadLenientDate(string? value) =>
        TryParseDate(value) is { } date ? (date, null)
        : string.IsNullOrWhiteSpace(value) ? (null, null)
        : (null, value.Trim() is { Length: > 100 } text ? text[..100] : value.Trim());

    private static DateTimeOffset ParseDate(string value, string what) =>
        TryParseDate(value) ?? throw Bad($"{what} is not a date and time Portal can read: '{Clip(value)}'.");

    [GeneratedRegex(@"^[A-Za-z]{3},?\s+(?<month>[A-Za-z]{3})\s+(?<day>\d{1,2})\s+(?<time>\d{1,2}:\d{2}(:\d{2})?)\s+(?<zone>[+-]\d{4}|[A-Za-z]{1,5})\s+(?<year>\d{4})$")]
    private static partial Regex UnixDate();

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex LongFraction();

    [GeneratedRegex(@"(T.*[+-]\d{2})(\d{2})$")]
    private static partial Regex OffsetWithoutColon();

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static CxmlFormatException Bad(string message) => new(CxmlFormatException.BadRequest, message);
}
