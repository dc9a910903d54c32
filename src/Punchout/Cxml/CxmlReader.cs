using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
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
        // The whole document is read into one pooled buffer (no per-call chunk array, no MemoryStream growth), then
        // parsed synchronously from it.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize(stream));
        try
        {
            var length = 0;
            int read;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, MaxDocumentSize + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                // Never ask for more than one byte past the limit: an oversized stream is refused without reading it all.
                var room = (int)Math.Min(buffer.Length - length, MaxDocumentSize + 1 - length);
                read = await stream.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (read <= 0)
                {
                    break;
                }
                if ((long)length + read > MaxDocumentSize)
                {
                    throw new CxmlFormatException(CxmlFormatException.NotAcceptable, $"The document is larger than {MaxDocumentSize} bytes.");
                }
                length += read;
            }
            return Read(buffer, length, charset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The first buffer to rent: the rest of a seekable stream (plus one byte to see its end), else 16 KB.</summary>
    private static int InitialBufferSize(Stream stream)
    {
        if (stream.CanSeek)
        {
            try
            {
                var remaining = stream.Length - stream.Position;
                return (int)Math.Clamp(remaining + 1, 256, MaxDocumentSize + 1);
            }
            catch (NotSupportedException)
            {
                // A stream that says it can seek but cannot tell its length: read it in chunks.
            }
        }
        return 16 * 1024;
    }

    /// <summary>Parses the first <paramref name="length"/> bytes of <paramref name="buffer"/>.</summary>
    private static CxmlDocument Read(byte[] buffer, int length, string? charset)
    {
        var start = LeadingNoise(buffer.AsSpan(0, length));
        var bytes = buffer.AsSpan(start, length - start);
        if (DeclaredBy(charset) is { } declared && !SelfDescribing(bytes))
        {
            return Read(declared.GetString(buffer, start, length - start));
        }
        RefuseInternalSubset(buffer, start, length);

        return Parse((buffer, start, length), static (source, whitespace) =>
        {
            using var input = new MemoryStream(source.buffer, source.start, source.length - source.start, writable: false);
            return SafeXml.Read(input, Loader(whitespace, source.length - source.start), whitespace ? MaxDepth : MaxDepth - 1,
                MaxDocumentSize, ignoreWhitespace: !whitespace);
        });
    }

    /// <summary>
    /// Loads the document with <paramref name="load"/> and maps it, first without whitespace nodes (the reader skips
    /// indentation between elements, as most documents need none of it). The document is loaded again with whitespace
    /// nodes, and that outcome is the answer, when the first load fails (the first runs one level less deep, since a
    /// skipped whitespace node would be one level below its element, so every refusal comes from the second) or when the
    /// mapping meets a text that a skipped whitespace node could change (<see cref="WhitespaceNeededException"/>).
    /// </summary>
    private static CxmlDocument Parse<TSource>(TSource source, Func<TSource, bool, CxmlElement?> load)
    {
        CxmlElement? fast = null;
        var loaded = false;
        try
        {
            fast = load(source, false);
            loaded = true;
        }
        catch (UnsafeXmlException)
        {
            // Refused or malformed: the load with whitespace decides how.
        }
        if (loaded)
        {
            try
            {
                return Map(fast);
            }
            catch (WhitespaceNeededException)
            {
                // Whitespace between text nodes may change a text the mapping reads (mixed content): read it this time.
            }
        }
        CxmlElement? full;
        try
        {
            full = load(source, true);
        }
        catch (UnsafeXmlException ex)
        {
            throw new CxmlFormatException(CxmlFormatException.NotAcceptable, "The XML could not be parsed: " + ex.Message, ex);
        }
        return Map(full);
    }

    /// <summary>Loads the element tree, its node arrays sized for a document of <paramref name="size"/> bytes or characters.</summary>
    private static Func<System.Xml.XmlReader, CxmlElement?> Loader(bool whitespace, int size) =>
        reader => CxmlElement.Load(reader, whitespace, size);

    /// <summary>
    /// <see cref="RefuseInternalSubset(ReadOnlySpan{char})"/> over the first <see cref="PrologScanLength"/> characters of
    /// the bytes as a UTF-8 reader (honouring a byte order mark) would decode them. Without a UTF-16/UTF-32 byte order
    /// mark and within <see cref="PrologScanLength"/> bytes the bytes are scanned as they are: the characters looked for
    /// are ASCII, which UTF-8 (and every ASCII-compatible declared encoding) keeps at the same places, and decoding never
    /// yields more characters than bytes. Longer or UTF-16/32 documents are decoded into a pooled buffer.
    /// </summary>
    private static void RefuseInternalSubset(byte[] buffer, int start, int length)
    {
        var bytes = buffer.AsSpan(start, length - start);
        var wide = bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
        if (!wide && bytes.Length <= PrologScanLength)
        {
            RefuseInternalSubset(bytes, "<!DOCTYPE"u8);
            return;
        }
        var chars = ArrayPool<char>.Shared.Rent(PrologScanLength);
        try
        {
            using var input = new MemoryStream(buffer, start, length - start, writable: false);
            using var prolog = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096);
            var count = prolog.ReadBlock(chars, 0, PrologScanLength);
            RefuseInternalSubset(chars.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
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
        RefuseInternalSubset(xml.AsSpan(0, (int)Math.Min(xml.Length, PrologScanLength)));
        return Parse(xml, static (source, whitespace) =>
            SafeXml.Read(source, Loader(whitespace, source.Length), whitespace ? MaxDepth : MaxDepth - 1,
                MaxDocumentSize, ignoreWhitespace: !whitespace));
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
    private static void RefuseInternalSubset(ReadOnlySpan<char> prolog) => RefuseInternalSubset(prolog, "<!DOCTYPE");

    private static void RefuseInternalSubset<T>(ReadOnlySpan<T> prolog, ReadOnlySpan<T> doctype)
        where T : unmanaged, IBinaryInteger<T>
    {
        // A DOCTYPE can only stand in the prolog: step over the XML declaration, processing instructions and comments
        // up to the first other markup (the root element's start tag). Nothing after it is scanned, so the text of a
        // large document costs nothing here, and a "<!DOCTYPE" quoted in a CDATA section is not mistaken for one.
        T open = T.CreateTruncating('<'), close = T.CreateTruncating('>'), question = T.CreateTruncating('?'),
            bang = T.CreateTruncating('!'), dash = T.CreateTruncating('-');
        var i = 0;
        while (true)
        {
            var next = prolog[i..].IndexOf(open);
            if (next < 0 || i + next + 1 >= prolog.Length)
            {
                return;
            }
            i += next;
            var kind = prolog[i + 1];
            if (kind == question)
            {
                // <? … ?>
                i = EndOf(prolog, i + 2, question, 1, close);
            }
            else if (kind == bang && prolog[i..].StartsWith(doctype))
            {
                RefuseSubset(prolog, i + doctype.Length);
                return;
            }
            else if (kind == bang && i + 3 < prolog.Length && prolog[i + 2] == dash && prolog[i + 3] == dash)
            {
                // <!-- … -->
                i = EndOf(prolog, i + 4, dash, 2, close);
            }
            else
            {
                return;
            }
            if (i < 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The position after the first <paramref name="close"/> at or after <paramref name="from"/> preceded by
    /// <paramref name="count"/> <paramref name="mark"/>s that also lie at or after it ("?>": one '?', "-->": two '-'), or -1.
    /// </summary>
    private static int EndOf<T>(ReadOnlySpan<T> text, int from, T mark, int count, T close)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (var i = from; i < text.Length; i++)
        {
            var at = text[i..].IndexOf(close);
            if (at < 0)
            {
                return -1;
            }
            i += at;
            var marks = 0;
            while (marks < count && i - marks - 1 >= from && text[i - marks - 1] == mark)
            {
                marks++;
            }
            if (marks == count)
            {
                return i + 1;
            }
        }
        return -1;
    }

    /// <summary>Refuses a DOCTYPE whose declaration, from <paramref name="start"/> (after "&lt;!DOCTYPE") to its '&gt;', opens an internal subset.</summary>
    private static void RefuseSubset<T>(ReadOnlySpan<T> prolog, int start)
        where T : unmanaged, IBinaryInteger<T>
    {
        T doubleQuote = T.CreateTruncating('"'), singleQuote = T.CreateTruncating('\''),
            close = T.CreateTruncating('>'), subset = T.CreateTruncating('[');
        T? quote = null;
        for (var i = start; i < prolog.Length; i++)
        {
            var c = prolog[i];
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                continue;
            }
            if (c == doubleQuote || c == singleQuote)
            {
                quote = c;
            }
            else if (c == close)
            {
                return;
            }
            else if (c == subset)
            {
                throw new CxmlFormatException(CxmlFormatException.NotAcceptable,
                    "The XML could not be parsed: a DOCTYPE internal subset (entity declarations) is not accepted.");
            }
        }
    }
}
