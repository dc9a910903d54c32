using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Portal.Punchout.Cxml;

/// <summary>Lookups by local name in any order, trimmed text, invariant numbers, lenient timestamps.</summary>
public static partial class CxmlReader
{

    private static XElement? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static IEnumerable<XElement> Children(XElement? parent, string name) =>
        parent is null ? [] : parent.Elements().Where(e => e.Name.LocalName == name);

    private static string? Attr(XElement? e, XName name)
    {
        var value = e?.Attribute(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>All text inside the element, trimmed; null when absent or empty.</summary>
    private static string? Text(XElement? e)
    {
        var value = e?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Only the element's own text (Description is mixed content with an optional ShortName).</summary>
    private static string? DirectText(XElement? e)
    {
        if (e is null)
        {
            return null;
        }
        var value = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value)).Trim();
        return value.Length == 0 ? Text(e) : value;
    }

    private static string? ReadComments(XElement parent)
    {
        var comments = Children(parent, "Comments").Select(DirectText).OfType<string>().ToList();
        return comments.Count == 0 ? null : string.Join("\n", comments);
    }

    private static List<CxmlExtrinsic> Extrinsics(XElement parent) =>
        Children(parent, "Extrinsic").Select(x => new CxmlExtrinsic(Attr(x, "name") ?? "", Text(x) ?? "")).ToList();

    private static CxmlMoney ReadMoney(XElement? money, string what)
    {
        if (money is null)
        {
            throw Bad($"{what} is missing.");
        }
        var currency = Attr(money, "currency") ?? throw Bad($"{what}@currency is missing.");
        return new CxmlMoney(ParseDecimal(money.Value, what), currency);
    }

    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
        | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private static decimal ParseDecimal(string value, string what) =>
        decimal.TryParse(value, DecimalStyle, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Bad($"{what} is not a number: '{Clip(value)}'.");

    private static int ParseInt(string value, string what)
    {
        var number = ParseDecimal(value, what);
        return number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw Bad($"{what} is not a whole number: '{Clip(value)}'.");
    }

    /// <summary>
    /// ISO 8601 with <c>+01:00</c>, <c>+0100</c>, <c>Z</c> or no offset (taken as UTC), with or without
    /// fractional seconds (more than 7 digits are cut), or a plain date.
    /// </summary>
    private static DateTimeOffset ParseDate(string value, string what)
    {
        var text = value.Trim();
        text = LongFraction().Replace(text, m => m.Groups[1].Value);
        text = OffsetWithoutColon().Replace(text, m => $"{m.Groups[1].Value}:{m.Groups[2].Value}");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var result)
            ? result
            : throw Bad($"{what} is not an ISO 8601 date and time: '{Clip(value)}'.");
    }

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex LongFraction();

    [GeneratedRegex(@"(T.*[+-]\d{2})(\d{2})$")]
    private static partial Regex OffsetWithoutColon();

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static CxmlFormatException Bad(string message) => new(CxmlFormatException.BadRequest, message);
}
