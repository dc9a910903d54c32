namespace Portal.Api.Features.Punchout;

/// <summary>
/// A cXML request that cannot be served, answered with a cXML Status of <see cref="Code"/> (never an HTML
/// page or a problem document): 400 bad request, 401 credentials, 403 not allowed, 406 unparseable,
/// 409 conflict, 450 not implemented, 500/560 our (transient) failures.
/// </summary>
public sealed class CxmlStatusException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>The Status@text for a code.</summary>
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
}
