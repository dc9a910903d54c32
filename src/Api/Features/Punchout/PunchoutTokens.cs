namespace Portal.Api.Features.Punchout;

/// <summary>
/// Random bearer tokens for StartPage URLs and session cookies. Only their SHA-256 is stored: the tokens
/// carry 256 random bits, so a fast hash is enough, and a database leak does not open sessions.
/// </summary>
public static class PunchoutTokens
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
