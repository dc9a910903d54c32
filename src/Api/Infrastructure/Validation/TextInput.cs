namespace Portal.Api.Infrastructure.Validation;

/// <summary>
/// Which characters text input may hold. Control characters (C0, DEL, C1) and unpaired surrogates are
/// refused everywhere (PostgreSQL rejects NUL, and none of them belongs in a sku, a reference or a name);
/// free text (notes, descriptions, comments) may also hold tab, line feed and carriage return; what a barcode
/// scanner read (<see cref="ScannedTextAttribute"/>) the GS1 group separator.
/// </summary>
public static class TextInput
{
    /// <summary>Null when <paramref name="value"/> is acceptable, else the message for its field.</summary>
    public static string? Check(string value, bool freeText, bool scanned = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return $"The text holds an unpaired surrogate (U+{(int)c:X4}) at position {i}.";
            }
            if ((c is '\t' or '\n' or '\r' && freeText) || (c == '\u001d' && scanned))
            {
                continue;
            }
            if (c < 0x20 || c is >= '\u007f' and <= '\u009f')
            {
                return freeText
                    ? $"The text holds the control character U+{(int)c:X4} at position {i}; only tab and line breaks are allowed."
                    : $"The value holds the control character U+{(int)c:X4} at position {i}; control characters are not allowed.";
            }
        }
        return null;
    }

    /// <summary>Fields where tab and line breaks belong (by JSON name, case-insensitive).</summary>
    public static bool IsFreeText(string name) => FreeTextNames.Contains(name);

    private static readonly HashSet<string> FreeTextNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "note", "notes", "description", "longDescription", "comment", "comments", "message", "reason", "remarks", "text",
        "signingCertificates", // PEM certificates (SSO) are lines of base64
    };
}

/// <summary>
/// Marks a field or parameter that holds what a barcode scanner read: GS1 barcodes separate their element strings
/// with FNC1, which scanners send as the control character GS (U+001D); it is allowed there and nowhere else.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ScannedTextAttribute : Attribute;
