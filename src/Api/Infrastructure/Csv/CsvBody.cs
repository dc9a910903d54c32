using System.Net.Http.Headers;
using Portal.Api.Infrastructure.Problems;

namespace Portal.Api.Infrastructure.Csv;

/// <summary>An uploaded CSV file and the encoding its text is read in.</summary>
/// <remarks>
/// The <c>charset</c> of the Content-Type names the encoding (<c>text/csv; charset=windows-1252</c>, as spreadsheets
/// in Western Europe save "CSV"); without one the file is UTF-8. A byte order mark wins over both. Bytes that are
/// not text in that encoding are never read as something else: they become U+FFFD, which <see cref="CsvTable"/>
/// refuses with the row and column, so a file in the wrong encoding is refused instead of stored garbled.
/// </remarks>
public sealed record CsvBody(Stream Stream, Encoding Encoding)
{
    static CsvBody() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A UTF-8 file (a byte order mark may still say UTF-16 or UTF-32).</summary>
    public static CsvBody Utf8(Stream stream) => new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>The body read in the charset its Content-Type names (UTF-8 when it names none).</summary>
    /// <exception cref="UnsupportedMediaTypeException">The charset is not one this runtime can read.</exception>
    public static CsvBody From(Stream stream, string? contentType)
    {
        var charset = MediaTypeHeaderValue.TryParse(contentType, out var mediaType) ? mediaType.CharSet?.Trim().Trim('"') : null;
        if (string.IsNullOrEmpty(charset))
        {
            return Utf8(stream);
        }
        try
        {
            return new CsvBody(stream, Encoding.GetEncoding(charset, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD")));
        }
        catch (ArgumentException)
        {
            throw new UnsupportedMediaTypeException(
                $"The charset '{charset}' is not supported. Send the file as UTF-8, or name its encoding: utf-8, iso-8859-1, iso-8859-15, windows-1252, utf-16 and the other IANA names.");
        }
    }
}
