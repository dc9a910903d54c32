using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Portal.Api.Infrastructure.Problems;

/// <summary>
/// The 400 problem of a request whose parameters or body could not be bound. A JSON body that could not be
/// read gives one error per JSON path in plain words (malformed JSON with its line and position, a value of
/// the wrong kind, an unknown property), without the serializer's .NET type names or reader options, and
/// without the follow-up "body is required" error.
/// </summary>
public static partial class RequestBodyProblems
{
    public static ValidationProblemDetails From(ModelStateDictionary modelState)
    {
        var jsonErrors = modelState
            .Where(e => e.Key.StartsWith('$') && e.Value is { Errors.Count: > 0 })
            .SelectMany(e => e.Value!.Errors.Select(error => (e.Key, error.ErrorMessage)))
            .ToList();
        if (jsonErrors.Count == 0)
        {
            return new ValidationProblemDetails(modelState)
            {
                Status = StatusCodes.Status400BadRequest,
                Type = ProblemTypes.Validation,
                Title = "One or more validation errors occurred.",
                Detail = "The request body or parameters could not be read.",
            };
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var unknown = new List<string>();
        string? syntax = null;
        foreach (var (key, message) in jsonErrors)
        {
            var (path, text) = Explain(key, message, unknown);
            if (text.StartsWith("Not valid JSON", StringComparison.Ordinal))
            {
                syntax ??= $"{text} (at {path}).";
            }
            errors[path] = errors.TryGetValue(path, out var earlier) ? [.. earlier, text] : [text];
        }
        var detail = unknown.Count > 0
            ? $"Unknown propert{(unknown.Count == 1 ? "y" : "ies")}: {string.Join(", ", unknown)}. The request schema allows no other properties (additionalProperties: false); check the spelling against the API document."
            : syntax ?? "The request body could not be read: " + string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}"));
        return new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.Validation,
            Title = "The request body could not be read.",
            Detail = detail,
        };
    }

    private static (string Path, string Text) Explain(string key, string message, List<string> unknown)
    {
        var position = PositionPattern().Match(message);
        var path = position.Success ? position.Groups["path"].Value : key;

        var unmapped = UnmappedPattern().Match(message);
        if (unmapped.Success)
        {
            var name = unmapped.Groups["name"].Value;
            var at = path == "$" || path.EndsWith("." + name, StringComparison.Ordinal) ? path : path + "." + name;
            unknown.Add(at);
            return (at, $"Unknown property '{name}'.");
        }

        var converted = ConvertPattern().Match(message);
        if (converted.Success)
        {
            return (path, $"The value is not {Describe(converted.Groups["type"].Value)}.");
        }

        var where = position.Success
            ? $" at line {int.Parse(position.Groups["line"].Value) + 1}, position {int.Parse(position.Groups["byte"].Value) + 1}"
            : string.Empty;
        var reason = message;
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }
        reason = reason.Replace("JsonReaderOptions.", string.Empty, StringComparison.Ordinal).TrimEnd('.');
        return (path, $"Not valid JSON{where}: {reason}");
    }

    private static string Describe(string type)
    {
        var inner = NullablePattern().Match(type) is { Success: true } nullable ? nullable.Groups["inner"].Value : type;
        return inner switch
        {
            "System.Decimal" or "System.Double" or "System.Single" => "a number",
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Boolean" => "true or false",
            "System.Guid" => "a UUID",
            "System.DateOnly" => "a date (yyyy-MM-dd)",
            "System.DateTimeOffset" or "System.DateTime" => "a timestamp (ISO 8601)",
            "System.String" => "a string",
            _ when inner.Contains("List", StringComparison.Ordinal) || inner.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ => "of the kind the API document describes for this property",
        };
    }

    [GeneratedRegex(@"Path: (?<path>\S+) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)")]
    private static partial Regex PositionPattern();

    [GeneratedRegex(@"The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex UnmappedPattern();

    [GeneratedRegex(@"could not be converted to (?<type>[^ ]+?)\.(?: Path|$)")]
    private static partial Regex ConvertPattern();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.+)\]$")]
    private static partial Regex NullablePattern();
}
