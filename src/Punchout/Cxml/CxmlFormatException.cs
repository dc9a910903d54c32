namespace Portal.Punchout.Cxml;

/// <summary>
/// A document could not be read as cXML. <see cref="StatusCode"/> is the cXML status to answer with:
/// 406 (Not Acceptable) when the XML itself is unparseable or hostile (malformed, entity use, too large,
/// too deep), 400 (Bad Request) when it is well-formed XML but not a usable cXML document.
/// </summary>
public sealed class CxmlFormatException : Exception
{
    /// <summary>406: the XML could not be parsed (malformed, entities, too large, too deep).</summary>
    public const int NotAcceptable = 406;

    /// <summary>400: well-formed XML that is not a usable cXML document.</summary>
    public const int BadRequest = 400;

    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The cXML status code to answer with (400 or 406; 450 for a Message Portal does not implement).</param>
    /// <param name="message">What is wrong, safe to return to the sender.</param>
    /// <param name="innerException">The underlying parser error, if any.</param>
    public CxmlFormatException(int statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The cXML status code to answer with: 406 for unparseable/hostile XML, 400 for unusable cXML.</summary>
    public int StatusCode { get; }
}
