using System.Security.Cryptography;
using System.Text;

namespace Portal.Punchout.Security;

/// <summary>
/// Hashes punchout shared secrets for storage (PBKDF2-SHA256, random salt) and checks a presented secret
/// in constant time. The stored form is <c>pbkdf2-sha256$iterations$salt$hash</c> (base64 parts), so the
/// work factor can rise later without invalidating stored secrets.
/// </summary>
public static class SharedSecretHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>The storable hash of <paramref name="secret"/>.</summary>
    public static string Hash(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Whether <paramref name="presented"/> matches <paramref name="stored"/>; false for any malformed input.</summary>
    public static bool Verify(string? presented, string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return false;
        }
        // An empty or missing secret is refused only after the same work as a wrong one, so the time taken
        // does not tell a caller which of the two it sent.
        var missing = string.IsNullOrEmpty(presented);
        presented ??= string.Empty;
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 1)
        {
            return false;
        }
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(presented), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && !missing;
    }
}
