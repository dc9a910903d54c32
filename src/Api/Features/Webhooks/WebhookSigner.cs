namespace Portal.Api.Features.Webhooks;

/// <summary>
/// The Standard Webhooks signing scheme: <c>webhook-signature: v1,{base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))}</c>,
/// the key being the base64-decoded part of the <c>whsec_</c> secret; several signatures are separated by
/// spaces (during a secret rotation). Checked against the specification's test vector in the tests.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    /// <summary>One <c>v1,...</c> signature.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), content));
    }

    /// <summary>The header value: one signature per secret, space-separated.</summary>
    public static string SignatureHeader(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, messageId, timestamp, body)));
}
