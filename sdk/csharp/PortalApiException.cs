using System.Text;
using System.Text.Json;

namespace Portal.Client;

/// <summary>
/// An error answer of the Portal API (or of its token endpoint). The API answers errors as RFC 9457
/// problem documents; their fields are exposed here. Bodies that are not JSON are kept in
/// <see cref="ResponseBody"/> and leave the problem fields null.
/// </summary>
public partial class PortalApiException : Exception
{
    /// <summary>The header in which the API echoes the id of every request.</summary>
    public const string RequestIdHeaderName = "X-Request-Id";

    /// <summary>The prefix of <see cref="Type"/> for OAuth 2.0 errors of the token endpoint (RFC 6749 §5.2).</summary>
    public const string OAuthErrorTypePrefix = "urn:oauth:error:";

    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>Creates the exception for an error answer (this is the constructor the generated clients call).</summary>
    /// <param name="message">What went wrong, from the operation's description of the status code.</param>
    /// <param name="statusCode">The HTTP status code of the answer.</param>
    /// <param name="response">The answer's body as text, if it was read.</param>
    /// <param name="headers">The answer's headers (response and content headers).</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public PortalApiException(
        string message,
        int statusCode,
        string? response,
        IReadOnlyDictionary<string, IEnumerable<string>>? headers,
        Exception? innerException)
        : this(message, statusCode, response, headers, ProblemDocument.Parse(response), innerException)
    {
    }

    private protected PortalApiException(
        string message,
        int statusCode,
        string? response,
        IReadOnlyDictionary<string, IEnumerable<string>>? headers,
        ProblemDocument? problem,
        Exception? innerException)
        : base(ComposeMessage(message, statusCode, problem), innerException)
    {
        Status = statusCode;
        ResponseBody = response;
        Headers = headers ?? new Dictionary<string, IEnumerable<string>>();
        Type = problem?.Type;
        Title = problem?.Title;
        Detail = problem?.Detail;
        Instance = problem?.Instance;
        Errors = problem?.Errors ?? NoErrors;
        RequestId = problem?.RequestId ?? FindHeader(Headers, RequestIdHeaderName);
        RetryAfter = ParseRetryAfter(FindHeader(Headers, "Retry-After"), DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// How long the API asks to wait before trying again (<c>Retry-After</c>, on 429 and 503 answers), or null.
    /// The client has already retried as long as the wait was within <see cref="PortalClientOptions.MaxRetryAfter"/>.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    internal static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (long.TryParse(value!.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.MaxValue.TotalSeconds - 1));
        }
        if (DateTimeOffset.TryParseExact(value.Trim(), "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>The HTTP status code of the answer.</summary>
    public int Status { get; }

    /// <summary>
    /// The problem type URI (stable; see the API documentation), or <c>urn:oauth:error:{error}</c> for a
    /// token endpoint error such as <c>urn:oauth:error:invalid_client</c>. Null when the body was no problem document.
    /// </summary>
    public string? Type { get; }

    /// <summary>The problem's short, human-readable summary (for OAuth errors: the error code).</summary>
    public string? Title { get; }

    /// <summary>The explanation of this occurrence of the problem (for OAuth errors: <c>error_description</c>).</summary>
    public string? Detail { get; }

    /// <summary>The problem's <c>instance</c> URI reference, if any.</summary>
    public string? Instance { get; }

    /// <summary>
    /// Validation errors by field (for example <c>products[3].gtin</c>); empty when the problem has none.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>
    /// The id of the failed request (the problem's <c>requestId</c> or the <c>X-Request-Id</c> header):
    /// quote it when you contact support.
    /// </summary>
    public string? RequestId { get; }

    /// <summary>The answer's body as received, or null or empty when it was not read.</summary>
    public string? ResponseBody { get; }

    /// <summary>The answer's headers (response and content headers).</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    private static string ComposeMessage(string message, int statusCode, ProblemDocument? problem)
    {
        var text = new StringBuilder(message);
        text.Append(" (HTTP ").Append(statusCode);
        if (problem?.Type is { Length: > 0 } type)
        {
            text.Append(", ").Append(type);
        }
        text.Append(')');
        var explanation = problem?.Detail ?? problem?.Title;
        if (!string.IsNullOrEmpty(explanation))
        {
            text.Append(": ").Append(explanation);
        }
        return text.ToString();
    }

    private static string? FindHeader(IReadOnlyDictionary<string, IEnumerable<string>> headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.FirstOrDefault();
            }
        }
        return null;
    }
}

/// <summary>
/// A <see cref="PortalApiException"/> whose body was also read as the error type the OpenAPI document
/// declares for the status code (<see cref="ProblemDetails"/> or <see cref="ValidationProblemDetails"/>).
/// </summary>
/// <typeparam name="TResult">The declared error type.</typeparam>
public partial class PortalApiException<TResult> : PortalApiException
{
    /// <summary>Creates the exception for a declared error answer (this is the constructor the generated clients call).</summary>
    /// <param name="message">What went wrong, from the operation's description of the status code.</param>
    /// <param name="statusCode">The HTTP status code of the answer.</param>
    /// <param name="response">The answer's body as text, if it was read.</param>
    /// <param name="headers">The answer's headers (response and content headers).</param>
    /// <param name="result">The body deserialized as <typeparamref name="TResult"/>.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public PortalApiException(
        string message,
        int statusCode,
        string? response,
        IReadOnlyDictionary<string, IEnumerable<string>>? headers,
        TResult result,
        Exception? innerException)
        : base(message, statusCode, response, headers, ProblemDocument.Parse(response) ?? ProblemDocument.From(result), innerException)
    {
        Result = result;
    }

    /// <summary>The body deserialized as the declared error type.</summary>
    public TResult Result { get; }
}

/// <summary>The fields of an RFC 9457 problem document or of an OAuth 2.0 error answer.</summary>
internal sealed class ProblemDocument
{
    public string? Type { get; private set; }
    public string? Title { get; private set; }
    public string? Detail { get; private set; }
    public string? Instance { get; private set; }
    public string? RequestId { get; private set; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; private set; }

    /// <summary>Reads a problem (or OAuth error) from a body; null when the body is empty or not a JSON object.</summary>
    public static ProblemDocument? Parse(string? body)
    {
        if (body is null)
        {
            return null;
        }
        var trimmed = body.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] != '{')
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            // Not JSON after all (a proxy's error page, a truncated body): keep the raw body only.
            return null;
        }
    }

    /// <summary>Takes the fields of a deserialized problem when the body text was not kept.</summary>
    public static ProblemDocument? From(object? result) => result switch
    {
        ValidationProblemDetails v => new ProblemDocument
        {
            Type = v.Type,
            Title = v.Title,
            Detail = v.Detail,
            Instance = v.Instance,
            RequestId = ExtensionString(v.AdditionalProperties, "requestId"),
            Errors = v.Errors?.ToDictionary(e => e.Key, e => e.Value?.ToArray() ?? []),
        },
        ProblemDetails p => new ProblemDocument
        {
            Type = p.Type,
            Title = p.Title,
            Detail = p.Detail,
            Instance = p.Instance,
            RequestId = ExtensionString(p.AdditionalProperties, "requestId"),
        },
        _ => null,
    };

    private static ProblemDocument? FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var problem = new ProblemDocument
        {
            Type = String(root, "type"),
            Title = String(root, "title"),
            Detail = String(root, "detail"),
            Instance = String(root, "instance"),
            RequestId = String(root, "requestId"),
            Errors = ReadErrors(root),
        };
        // RFC 6749 §5.2: {"error": "invalid_client", "error_description": "..."}
        if (problem.Type is null && String(root, "error") is { Length: > 0 } error)
        {
            problem.Type = PortalApiException.OAuthErrorTypePrefix + error;
            problem.Title ??= error;
            problem.Detail ??= String(root, "error_description");
        }
        return problem;
    }

    private static IReadOnlyDictionary<string, string[]>? ReadErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in errors.EnumerateObject())
        {
            result[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => field.Value.EnumerateArray()
                    .Where(m => m.ValueKind == JsonValueKind.String)
                    .Select(m => m.GetString() ?? string.Empty)
                    .ToArray(),
                JsonValueKind.String => [field.Value.GetString() ?? string.Empty],
                _ => [],
            };
        }
        return result;
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? ExtensionString(IDictionary<string, object>? extensions, string name)
    {
        if (extensions is null || !extensions.TryGetValue(name, out var value))
        {
            return null;
        }
        return value switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => null,
        };
    }
}
