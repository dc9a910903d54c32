using System.Globalization;
using System.Security.Cryptography;

namespace Portal.Punchout.Cxml;

/// <summary>Creates cXML payload ids in the recommended form <c>datetime.process.random@host</c>.</summary>
public static class CxmlPayloadId
{
    /// <summary>
    /// A new payload id such as <c>20261130T120000123.8f3a9c1d2e4b5a69@portal.example</c>: the UTC time to the
    /// millisecond, sixteen random hex digits (from <see cref="RandomNumberGenerator"/>) and the host. No
    /// process id: it tells outsiders about the machine and adds no uniqueness the random part lacks.
    /// </summary>
    /// <param name="host">The host name that ends the id (e.g. the public host of Portal).</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static string New(string host, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var random = RandomNumberGenerator.GetHexString(16, lowercase: true);
        return string.Create(CultureInfo.InvariantCulture,
            $"{now:yyyyMMdd'T'HHmmssfff}.{random}@{host.Trim()}");
    }
}
