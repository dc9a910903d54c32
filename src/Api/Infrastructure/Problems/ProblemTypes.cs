namespace Portal.Api.Infrastructure.Problems;

/// <summary>
/// The stable <c>type</c> URIs of Portal's RFC 9457 problem documents. Clients branch on these, so they
/// never change once published; docs/problems.md describes each.
/// </summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:portal:problem:";

    public const string Validation = Prefix + "validation";
    public const string BadRequest = Prefix + "bad-request";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string NotAcceptable = Prefix + "not-acceptable";
    public const string Conflict = Prefix + "conflict";
    public const string PreconditionFailed = Prefix + "precondition-failed";
    public const string PreconditionRequired = Prefix + "precondition-required";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string BusinessRule = Prefix + "business-rule";
    public const string RateLimited = Prefix + "rate-limited";
    public const string Internal = Prefix + "internal";
    public const string Unavailable = Prefix + "unavailable";
    public const string UnsupportedApiVersion = Prefix + "unsupported-api-version";
    public const string UrlNotAllowed = Prefix + "url-not-allowed";
    public const string QuoteExpired = Prefix + "quote-expired";
    public const string QuoteSuperseded = Prefix + "quote-superseded";
    public const string SsoRefused = Prefix + "sso-refused";
    public const string IdentityProviderUnavailable = Prefix + "identity-provider-unavailable";

    /// <summary>The default type and title for a status code without a more specific problem.</summary>
    public static (string Type, string Title) ForStatus(int status) => status switch
    {
        400 => (BadRequest, "The request is not valid."),
        401 => (Unauthorized, "Authentication is required."),
        403 => (Forbidden, "The caller may not do this."),
        404 => (NotFound, "The resource was not found."),
        405 => (MethodNotAllowed, "The method is not allowed on this resource."),
        406 => (NotAcceptable, "The requested media type cannot be produced."),
        409 => (Conflict, "The request conflicts with the current state."),
        412 => (PreconditionFailed, "The resource has changed."),
        413 => (PayloadTooLarge, "The request body is too large."),
        415 => (UnsupportedMediaType, "The request's media type is not supported."),
        422 => (BusinessRule, "The request breaks a business rule."),
        428 => (PreconditionRequired, "A precondition header is required."),
        429 => (RateLimited, "Too many requests."),
        503 => (Unavailable, "The service is unavailable."),
        >= 500 => (Internal, "An unexpected error occurred."),
        _ => ("about:blank", "Error"),
    };
}
