using System.Xml;
using System.Xml.Linq;

namespace Portal.Punchout.Xml;

/// <summary>
/// Loads XML from untrusted callers (procurement systems, integrators) without ever resolving external
/// entities or expanding internal ones. A DOCTYPE is accepted (every real cXML document has one) but
/// never fetched; any entity reference is refused; size and depth are bounded.
/// </summary>
public static class SafeXml
{
    /// <summary>The largest document accepted, in characters.</summary>
    public const long DefaultMaxCharacters = 10 * 1024 * 1024;

    /// <summary>The deepest element nesting accepted.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Reader settings that ignore the DTD, resolve nothing and bound the document size.</summary>
    public static XmlReaderSettings CreateReaderSettings(long maxCharacters = DefaultMaxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreProcessingInstructions = true,
        IgnoreComments = true,
        CloseInput = false,
        Async = true,
    };

    /// <summary>Parses <paramref name="stream"/> into an <see cref="XDocument"/>.</summary>
    /// <exception cref="UnsafeXmlException">The document is malformed, too large, too deep or uses entities.</exception>
    public static async Task<XDocument> LoadAsync(Stream stream, int maxDepth = DefaultMaxDepth, long maxCharacters = DefaultMaxCharacters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = XmlReader.Create(stream, CreateReaderSettings(maxCharacters));
            using var guarded = new DepthLimitingReader(reader, maxDepth);
            return await XDocument.LoadAsync(guarded, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        }
        catch (XmlException ex)
        {
            throw new UnsafeXmlException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Reads <paramref name="stream"/> with <paramref name="read"/> through a synchronous reader with the same settings
    /// and limits as <see cref="LoadAsync"/> (DTD ignored, nothing resolved, no entities, size and depth bounded): for a
    /// document already buffered in memory, where an async reader only adds overhead, and for callers that build their
    /// own model instead of an <see cref="XDocument"/>. With <paramref name="ignoreWhitespace"/> the reader skips
    /// whitespace-only text between markup (<see cref="XmlReaderSettings.IgnoreWhitespace"/>).
    /// </summary>
    /// <exception cref="UnsafeXmlException">The document is malformed, too large, too deep or uses entities.</exception>
    public static T Read<T>(Stream stream, Func<XmlReader, T> read, int maxDepth = DefaultMaxDepth, long maxCharacters = DefaultMaxCharacters, bool ignoreWhitespace = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(settings => XmlReader.Create(stream, settings), read, maxDepth, maxCharacters, ignoreWhitespace);
    }

    /// <summary>Reads a string with <paramref name="read"/>, with the same settings and limits as <see cref="Read{T}(Stream, Func{XmlReader, T}, int, long, bool)"/>.</summary>
    /// <exception cref="UnsafeXmlException">The document is malformed, too large, too deep or uses entities.</exception>
    public static T Read<T>(string xml, Func<XmlReader, T> read, int maxDepth = DefaultMaxDepth, long maxCharacters = DefaultMaxCharacters, bool ignoreWhitespace = false)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Read(settings => XmlReader.Create(new StringReader(xml), settings), read, maxDepth, maxCharacters, ignoreWhitespace);
    }

    /// <summary>The one synchronous read: safe settings, the depth guard, XML errors as <see cref="UnsafeXmlException"/>.</summary>
    private static T Read<T>(Func<XmlReaderSettings, XmlReader> create, Func<XmlReader, T> read, int maxDepth, long maxCharacters, bool ignoreWhitespace)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            var settings = CreateReaderSettings(maxCharacters);
            settings.Async = false;
            settings.IgnoreWhitespace = ignoreWhitespace;
            using var reader = create(settings);
            using var guarded = new DepthLimitingReader(reader, maxDepth);
            return read(guarded);
        }
        catch (XmlException ex)
        {
            throw new UnsafeXmlException(ex.Message, ex);
        }
    }

    /// <summary>Parses a string into an <see cref="XDocument"/> with the same limits as <see cref="LoadAsync"/>.</summary>
    public static XDocument Parse(string xml, int maxDepth = DefaultMaxDepth, long maxCharacters = DefaultMaxCharacters) =>
        Read(xml, reader => XDocument.Load(reader, LoadOptions.None), maxDepth, maxCharacters);

    private sealed class DepthLimitingReader(XmlReader inner, int maxDepth) : XmlWrappingReaderBase(inner)
    {
        public override bool Read()
        {
            var result = base.Read();
            Check();
            return result;
        }

        public override async Task<bool> ReadAsync()
        {
            var result = await base.ReadAsync().ConfigureAwait(false);
            Check();
            return result;
        }

        private void Check()
        {
            if (Inner.NodeType == XmlNodeType.EntityReference)
            {
                throw new XmlException("Entity references are not allowed.");
            }
            if (Inner.Depth > maxDepth)
            {
                throw new XmlException($"The document is nested deeper than {maxDepth} levels.");
            }
        }
    }
}

/// <summary>The XML could not be read safely: malformed, too large, too deep, or using entities.</summary>
public sealed class UnsafeXmlException(string message, Exception? inner = null) : Exception(message, inner);
