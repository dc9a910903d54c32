using System.Buffers.Text;

namespace Portal.Api.Infrastructure.Paging;

/// <summary>
/// Opaque page cursors: the sort key of the last item served, base64url-encoded. Clients pass
/// <c>nextCursor</c> back unchanged; they must not build or parse cursors.
/// </summary>
public static class Cursor
{
    private const string Version = "1:";

    public static string Encode(string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + lastKey));

    /// <exception cref="RequestValidationException">The cursor was not produced by this API.</exception>
    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(Version, StringComparison.Ordinal))
            {
                return text[Version.Length..];
            }
        }
        catch (FormatException)
        {
        }
        throw new RequestValidationException(
            new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not valid. Pass nextCursor from the previous page unchanged."] });
    }

    /// <summary>The page size: <paramref name="limit"/> or the default, never above the maximum.</summary>
    public static int Limit(int? limit, int defaultLimit = 50, int maxLimit = 200)
    {
        if (limit is null)
        {
            return defaultLimit;
        }
        if (limit < 1 || limit > maxLimit)
        {
            throw new RequestValidationException(
                new Dictionary<string, string[]> { ["limit"] = [$"The limit must be between 1 and {maxLimit}."] });
        }
        return limit.Value;
    }
}

/// <summary>One page of a cursor-paginated list.</summary>
/// <param name="Items">The items of this page, in the list's stable order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
