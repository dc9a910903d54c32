namespace Portal.Api.Features.Privacy;

/// <summary>
/// Stable pseudonyms: the same person (user id) or the same text always becomes the same <c>erased-…</c> value,
/// so erased records still group by person without naming anyone.
/// </summary>
public static class Pseudonyms
{
    public const string Prefix = "erased-";
    public const string MailDomain = "@erased.invalid";

    /// <summary><c>erased-</c> and the first 12 hex digits of SHA-256 of the id.</summary>
    public static string Of(Guid id) => Prefix + Hash(id.ToString("N"));

    public static string Of(string text) => Prefix + Hash(text);

    public static string MailOf(Guid id) => Of(id) + MailDomain;

    /// <summary>Replaces every occurrence of the <paramref name="secrets"/> (names, e-mails) in <paramref name="text"/> by <paramref name="pseudonym"/>.</summary>
    public static string? Scrub(string? text, string pseudonym, params string[] secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        foreach (var secret in secrets.Where(s => s.Length >= 3))
        {
            text = text.Replace(secret, pseudonym, StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..12];
}
