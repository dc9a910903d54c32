using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Portal.Client.Webhooks;

/// <summary>A webhook request whose signature or timestamp does not hold: answer it 400 (or 401) and drop it.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookVerificationException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Verifies the webhooks Portal sends (the Standard Webhooks scheme): the <c>webhook-signature</c> header
/// holds one or more space-separated <c>v1,{base64}</c> signatures, each the HMAC-SHA256 of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed with the base64-decoded part of a <c>whsec_</c>
/// secret. A request verifies when any <c>v1</c> signature matches any of the configured secrets (so a
/// receiver keeps working through a secret rotation: configure the new secret beside the old one) and
/// its timestamp is within the tolerance (5 minutes) of the receiver's clock, which keeps a captured
/// request from being replayed later. Signatures are compared in constant time.
/// </summary>
public sealed class WebhookVerifier
{
    /// <summary>The header names Portal sends.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The header with the Unix time of the attempt.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The header with the signatures.</summary>
    public const string SignatureHeader = "webhook-signature";

    private const string SecretPrefix = "whsec_";

    /// <summary>How far a request's timestamp may be from the receiver's clock by default.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<byte[]> _keys;
    private readonly TimeSpan _tolerance;
    private readonly Func<DateTimeOffset> _clock;

    /// <summary>A verifier for one secret (or several during a rotation).</summary>
    /// <param name="secret">The <c>whsec_...</c> secret shown when the webhook was created or rotated.</param>
    /// <param name="additionalSecrets">Further secrets that are also accepted (the previous one during a rotation).</param>
    public WebhookVerifier(string secret, params string[] additionalSecrets)
        : this(new[] { secret }.Concat(additionalSecrets ?? []), null, null)
    {
    }

    /// <summary>A verifier with explicit secrets, tolerance and clock.</summary>
    /// <param name="secrets">The accepted secrets (at least one).</param>
    /// <param name="tolerance">How far a timestamp may be from now; default 5 minutes.</param>
    /// <param name="clock">The current time; default the system clock (tests pass a fixed one).</param>
    public WebhookVerifier(IEnumerable<string> secrets, TimeSpan? tolerance, Func<DateTimeOffset>? clock)
    {
        if (secrets is null)
        {
            throw new ArgumentNullException(nameof(secrets));
        }
        _keys = secrets.Select(KeyOf).ToList();
        if (_keys.Count == 0)
        {
            throw new ArgumentException("At least one secret is needed.", nameof(secrets));
        }
        _tolerance = tolerance ?? DefaultTolerance;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>Verifies a request and returns its event; throws <see cref="WebhookVerificationException"/> when it does not verify.</summary>
    /// <param name="body">The raw request body, exactly as received (read it as a string before any JSON parsing).</param>
    /// <param name="webhookId">The <c>webhook-id</c> header.</param>
    /// <param name="webhookTimestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="webhookSignature">The <c>webhook-signature</c> header.</param>
    public WebhookEvent Verify(string body, string? webhookId, string? webhookTimestamp, string? webhookSignature)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }
        VerifySignature(Encoding.UTF8.GetBytes(body), webhookId, webhookTimestamp, webhookSignature);
        return WebhookEvent.Parse(body);
    }

    /// <summary>Verifies a request given as headers (any case) and body; returns its event.</summary>
    /// <param name="body">The raw request body.</param>
    /// <param name="headers">The request headers; the three webhook headers are looked up case-insensitively.</param>
    public WebhookEvent Verify(string body, IEnumerable<KeyValuePair<string, string>> headers)
    {
        if (headers is null)
        {
            throw new ArgumentNullException(nameof(headers));
        }
        var lookup = headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
        lookup.TryGetValue(IdHeader, out var id);
        lookup.TryGetValue(TimestampHeader, out var timestamp);
        lookup.TryGetValue(SignatureHeader, out var signature);
        return Verify(body, id, timestamp, signature);
    }

    /// <summary>True when the request verifies; <paramref name="webhookEvent"/> is then its event.</summary>
    public bool TryVerify(string body, string? webhookId, string? webhookTimestamp, string? webhookSignature, out WebhookEvent? webhookEvent)
    {
        try
        {
            webhookEvent = Verify(body, webhookId, webhookTimestamp, webhookSignature);
            return true;
        }
        catch (WebhookVerificationException)
        {
            webhookEvent = null;
            return false;
        }
    }

    /// <summary>Checks the signature and timestamp over the raw body bytes (no parsing).</summary>
    public void VerifySignature(byte[] body, string? webhookId, string? webhookTimestamp, string? webhookSignature)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(webhookTimestamp) || string.IsNullOrEmpty(webhookSignature))
        {
            throw new WebhookVerificationException("The webhook-id, webhook-timestamp or webhook-signature header is missing.");
        }
        if (!long.TryParse(webhookTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new WebhookVerificationException("The webhook-timestamp header is not a Unix time.");
        }
        var now = _clock().ToUnixTimeSeconds();
        if (seconds < now - (long)_tolerance.TotalSeconds)
        {
            throw new WebhookVerificationException("The message is too old (webhook-timestamp).");
        }
        if (seconds > now + (long)_tolerance.TotalSeconds)
        {
            throw new WebhookVerificationException("The message's timestamp is in the future (webhook-timestamp).");
        }

        var prefix = Encoding.UTF8.GetBytes(webhookId + "." + webhookTimestamp + ".");
        var content = new byte[prefix.Length + body.Length];
        Buffer.BlockCopy(prefix, 0, content, 0, prefix.Length);
        Buffer.BlockCopy(body, 0, content, prefix.Length, body.Length);
        var expected = _keys.Select(key => Hmac(key, content)).ToList();

        var matched = false;
        foreach (var candidate in webhookSignature!.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',');
            if (comma < 0 || candidate.Substring(0, comma) != "v1")
            {
                continue; // other schemes (v1a, v2, ...) are not ours to check
            }
            byte[] given;
            try
            {
                given = Convert.FromBase64String(candidate.Substring(comma + 1));
            }
            catch (FormatException)
            {
                continue;
            }
            foreach (var mac in expected)
            {
                // Every comparison runs to the end: no early exit that would time the match.
                matched |= FixedTimeEquals(mac, given);
            }
        }
        if (!matched)
        {
            throw new WebhookVerificationException("No signature matches (webhook-signature).");
        }
    }

    /// <summary>The <c>v1,...</c> signature of a message: what Portal sends, for tests of a receiver.</summary>
    public static string Sign(string secret, string webhookId, DateTimeOffset timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes(webhookId + "." + timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "." + body);
        return "v1," + Convert.ToBase64String(Hmac(KeyOf(secret), content));
    }

    private static byte[] KeyOf(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new ArgumentException("The secret is empty.", nameof(secret));
        }
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret.Substring(SecretPrefix.Length) : secret;
        try
        {
            return Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The secret is not a whsec_ secret (base64 after the prefix).", nameof(secret));
        }
    }

    private static byte[] Hmac(byte[] key, byte[] content)
    {
        using var hmac = new HMACSHA256(key);
        return hmac.ComputeHash(content);
    }

    private static bool FixedTimeEquals(byte[] left, byte[] right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }
        var difference = 0;
        for (var i = 0; i < left.Length; i++)
        {
            difference |= left[i] ^ right[i];
        }
        return difference == 0;
    }
}
