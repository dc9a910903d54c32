namespace Portal.Client;

/// <summary>
/// A successful answer of the API with its status and headers: the <see cref="ETag"/> to send back as
/// <c>If-Match</c>, the <see cref="RequestId"/> to quote to support, and whether an idempotent request was
/// <see cref="IdempotentReplayed">replayed</see>. Every operation <c>XAsync</c> has a form
/// <c>XWithResponseAsync</c> that answers this.
/// </summary>
public class PortalResponse
{
    /// <summary>Creates the response (the generated clients call this).</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="headers">The response and content headers.</param>
    public PortalResponse(int statusCode, IReadOnlyDictionary<string, IEnumerable<string>> headers)
    {
        StatusCode = statusCode;
        Headers = headers ?? new Dictionary<string, IEnumerable<string>>();
    }

    /// <summary>The HTTP status code (200, 201, 204, ...).</summary>
    public int StatusCode { get; }

    /// <summary>The response and content headers.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <summary>The entity tag of the resource (quoted, as sent), or null; pass it as <see cref="PortalRequestOptions.IfMatch"/> to change the resource only if nobody else did.</summary>
    public string? ETag => GetHeader("ETag");

    /// <summary>The id of the request (<c>X-Request-Id</c>): quote it when you contact support.</summary>
    public string? RequestId => GetHeader(PortalApiException.RequestIdHeaderName);

    /// <summary>True when the API answered a repeated <c>Idempotency-Key</c> with the first call's stored answer (<c>Idempotent-Replayed: true</c>).</summary>
    public bool IdempotentReplayed => string.Equals(GetHeader("Idempotent-Replayed"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first value of a header (case-insensitive name), or null.</summary>
    /// <param name="name">The header name.</param>
    public string? GetHeader(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.FirstOrDefault();
            }
        }
        return null;
    }
}

/// <summary>A successful answer with its body deserialized as <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The type of the body.</typeparam>
public class PortalResponse<T> : PortalResponse
{
    /// <summary>Creates the response (the generated clients call this).</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="headers">The response and content headers.</param>
    /// <param name="value">The body.</param>
    public PortalResponse(int statusCode, IReadOnlyDictionary<string, IEnumerable<string>> headers, T value)
        : base(statusCode, headers)
    {
        Value = value;
    }

    /// <summary>The body.</summary>
    public T Value { get; }
}
