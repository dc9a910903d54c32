namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// LIKE patterns from user input: the wildcards and the escape character in the input are escaped, so a
/// search for "50%" finds "50%" and nothing else. Use with <see cref="Escape"/> as the ESCAPE character.
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    /// <summary>A pattern that matches values containing <paramref name="term"/>.</summary>
    public static string Contains(string term) =>
        "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
