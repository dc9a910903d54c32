using System.Globalization;
using System.Security.Cryptography;

namespace Portal.Punchout.Cxml;

/// <summary>Creates cXML payload ids in the recommended form <c>datetime.process.random@host</c>.</summary>
public static class CxmlPayloadId
{
    /// <summary>
    /// A new payload id such as <c>20261130T120000123.4711.8f3a9c1d2e@portal.example</c>: the UTC time to the
    /// millisecond, the process id, ten random hex digits (from <see cref="RandomNumberGenerator"/>) and the host.
    /// </summary>
    /// <param name="host">The host name that ends the id (e.g. the public host of Portal).</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static string New(string host, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var random = RandomNumberGenerator.GetHexString(10, lowercase: true);
        return string.Create(CultureInfo.InvariantCulture,
            $"{now:yyyyMMdd'T'HHmmssfff}.{Environment.ProcessId}.{random}@{host.Trim()}");
    }
}
