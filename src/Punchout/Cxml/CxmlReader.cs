using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.Punchout.Xml;

namespace Portal.Punchout.Cxml;

/// <summary>
/// Reads cXML documents sent by procurement systems. Parsing goes through <see cref="SafeXml"/>: a DOCTYPE is
/// accepted but never fetched, any entity use is refused, size and depth are bounded. Reading is lenient the
/// way real buyer systems need: children are looked up by name in any order, credential domains are returned
/// as sent, timestamps with or without an offset are accepted, numbers use the invariant culture, unknown
/// elements are ignored and missing optional parts are null.
/// </summary>
public static partial class CxmlReader
{
    /// <summary>The largest document accepted, in bytes (streams) or characters (strings).</summary>
    public const long MaxDocumentSize = SafeXml.DefaultMaxCharacters;

    /// <summary>The deepest element nesting accepted.</summary>
    public const int MaxDepth = SafeXml.DefaultMaxDepth;

    private const int PrologScanLength = 64 * 1024;

    /// <summary>Documents in any encoding .NET can read once the code pages are registered (windows-1252, ISO-8859-x, Shift_JIS, …).</summary>
    static CxmlReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads a cXML document from <paramref name="stream"/> (at most <see cref="MaxDocumentSize"/> bytes).</summary>
    /// <exception cref="CxmlFormatException">406 when the XML is unparseable or hostile, 400 when it is not usable cXML.</exception>
    public static Task<CxmlDocument> ReadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, charset: null, cancellationToken);

    /// <summary>
    /// Reads a cXML document from <paramref name="stream"/> sent with a media type <paramref name="charset"/> (HTTP
    /// Content-Type or a MIME part's). The charset decides when the document itself does not (no byte order mark and
    /// no encoding in the XML declaration): a Latin-1 document declared only by its Content-Type is read as Latin-1.
    /// </summary>
    /// <exception cref="CxmlFormatException">406 when the XML is unparseable or hostile, 400 when it is not usable cXML.</exception>
    public static async Task<CxmlDocument> ReadAsync(Stream stream, string? charset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxDocumentSize)
            {
                throw new CxmlFormatException(CxmlFormatException.NotAcceptable, $"The document is larger than {MaxDocumentSize} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }

        buffer.Position = LeadingNoise(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var start = buffer.Position;
        if (DeclaredBy(charset) is { } declared && !SelfDescribing(buffer.GetBuffer().AsSpan((int)start, (int)(buffer.Length - start))))
        {
            return Read(declared.GetString(buffer.GetBuffer(), (int)start, (int)(buffer.Length - start)));
        }
        using (var prolog = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true))
        {
            var chars = new char[PrologScanLength];
            var count = prolog.ReadBlock(chars, 0, chars.Length);
            RefuseInternalSubset(new string(chars, 0, count));
        }

        buffer.Position = start;
        XDocument xml;
        try
        {
            xml = await SafeXml.LoadAsync(buffer, MaxDepth, MaxDocumentSize, cancellationToken).ConfigureAwait(false);
        }
        catch (UnsafeXmlException ex)
        {
            throw new CxmlFormatException(CxmlFormatException.NotAcceptable, "The XML could not be parsed: " + ex.Message, ex);
        }
        return Map(xml);
    }

    /// <summary>Reads a cXML document from a string (at most <see cref="MaxDocumentSize"/> characters).</summary>
    /// <exception cref="CxmlFormatException">406 when the XML is unparseable or hostile, 400 when it is not usable cXML.</exception>
    public static CxmlDocument Read(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        xml = xml.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (xml.Length > MaxDocumentSize)
        {
            throw new CxmlFormatException(CxmlFormatException.NotAcceptable, $"The document is larger than {MaxDocumentSize} characters.");
        }
        RefuseInternalSubset(xml.Length > PrologScanLength ? xml[..PrologScanLength] : xml);
        XDocument document;
        try
        {
            document = SafeXml.Parse(xml, MaxDepth, MaxDocumentSize);
        }
        catch (UnsafeXmlException ex)
        {
            throw new CxmlFormatException(CxmlFormatException.NotAcceptable, "The XML could not be parsed: " + ex.Message, ex);
        }
        return Map(document);
    }

    /// <summary>The encoding a media type's charset names, when it is one .NET knows and not UTF-8 (the XML default).</summary>
    private static Encoding? DeclaredBy(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset) || charset.Length > 40)
        {
            return null;
        }
        try
        {
            var encoding = Encoding.GetEncoding(charset.Trim().Trim('"'));
            return encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether the bytes say their own encoding: a byte order mark, or an XML declaration with encoding="…".</summary>
    private static bool SelfDescribing(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }
        if (!bytes.StartsWith("<?xml"u8))
        {
            return false;
        }
        var end = bytes.IndexOf("?>"u8);
        return end > 0 && bytes[..end].IndexOf("encoding"u8) > 0;
    }

    /// <summary>
    /// The length of a UTF-8 byte order mark and whitespace in front of the first '&lt;' (form-posted cXML often
    /// starts with a line break, which would otherwise make the XML declaration an error). Other encodings: 0.
    /// </summary>
    private static int LeadingNoise(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        return i < bytes.Length && bytes[i] == (byte)'<' ? i : 0;
    }

    /// <summary>
    /// cXML allows only the external DTD; an internal subset is where entity declarations (external, parameter,
    /// expansion bombs) live. SafeXml would ignore it, but such a document is hostile and is refused outright.
    /// </summary>
    private static void RefuseInternalSubset(string prolog)
    {
        var start = prolog.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (start < 0)
        {
            return;
        }
        char? quote = null;
        for (var i = start + "<!DOCTYPE".Length; i < prolog.Length; i++)
        {
            var c = prolog[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                continue;
            }
            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '>':
                    return;
                case '[':
                    throw new CxmlFormatException(CxmlFormatException.NotAcceptable,
                        "The XML could not be parsed: a DOCTYPE internal subset (entity declarations) is not accepted.");
            }
        }
    }
}
