namespace Portal.Api.Infrastructure;

/// <summary>Free text from callers, fitted to a column.</summary>
public static class Text
{
    /// <summary>Trimmed and cut to <paramref name="max"/> characters; null when empty or white space.</summary>
    public static string? Clip(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(max, text.Trim().Length)];
}
