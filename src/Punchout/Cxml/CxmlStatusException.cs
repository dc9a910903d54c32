namespace Portal.Punchout.Cxml;

/// <summary>
/// A cXML request that cannot be served, answered with a cXML Status of <see cref="Code"/> (never an HTML
/// page or a problem document): 400 bad request, 401 credentials, 403 not allowed, 406 unparseable,
/// 409 conflict, 450 not implemented, 500/560 our (transient) failures. It lives next to
/// <see cref="CxmlFormatException"/>, which the reader throws for documents that cannot be read at all.
/// </summary>
/// <param name="code">The cXML status code to answer with.</param>
/// <param name="message">What is wrong, safe to return to the sender.</param>
public sealed class CxmlStatusException(int code, string message) : Exception(message)
{
    /// <summary>The cXML status code to answer with.</summary>
    public int Code { get; } = code;

    /// <summary>The Status@text for a code.</summary>
    /// <param name="code">A cXML status code.</param>
    public static string TextFor(int code) => code switch
    {
        200 => "OK",
        201 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        406 => "Not Acceptable",
        409 => "Conflict",
        412 => "Precondition Failed",
        450 => "Not Implemented",
        500 => "Internal Server Error",
        560 => "Temporary server error",
        _ => code < 300 ? "OK" : "Error",
    };

    /// <summary>The HTTP status that carries a cXML Status code (the document says the rest).</summary>
    /// <param name="code">A cXML status code.</param>
    public static int HttpStatusFor(int code) => code switch
    {
        >= 200 and < 300 => 200,
        400 or 401 or 403 or 406 or 409 or 412 or 500 => code,
        450 => 501,
        560 => 503,
        _ => 500,
    };

    /// <summary>A Status element for a code and message.</summary>
    /// <param name="code">A cXML status code.</param>
    /// <param name="message">The message of the Status.</param>
    public static CxmlStatus StatusFor(int code, string? message) => new(code, TextFor(code), message);
}
