using System.Net;
using System.Net.Sockets;

namespace Portal.Api.Infrastructure.Outbound;

/// <summary>
/// Which IP addresses the API may call out to. Everything that is not the public internet is refused
/// unless private networks are allowed: loopback, RFC 1918 and unique-local ranges, link-local (where the
/// cloud metadata services live), carrier-grade NAT, multicast, reserved and unspecified addresses, and
/// IPv4 addresses hidden in IPv6 (mapped, NAT64, 6to4). The metadata endpoints are refused even then:
/// no receiver lives there, and they hand out the machine's credentials.
/// </summary>
public static class OutboundAddressPolicy
{
    private static readonly (IPAddress Network, int Prefix)[] PrivateRanges =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),       // RFC 1918
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata
        (IPAddress.Parse("172.16.0.0"), 12),    // RFC 1918
        (IPAddress.Parse("192.0.0.0"), 24),     // IETF protocol assignments
        (IPAddress.Parse("192.0.2.0"), 24),     // documentation
        (IPAddress.Parse("192.168.0.0"), 16),   // RFC 1918
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("198.51.100.0"), 24),  // documentation
        (IPAddress.Parse("203.0.113.0"), 24),   // documentation
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, broadcast
        (IPAddress.Parse("::"), 128),           // unspecified
        (IPAddress.Parse("::1"), 128),          // loopback
        (IPAddress.Parse("fc00::"), 7),         // unique local
        (IPAddress.Parse("fe80::"), 10),        // link-local
        (IPAddress.Parse("fec0::"), 10),        // site-local (deprecated)
        (IPAddress.Parse("ff00::"), 8),         // multicast
        (IPAddress.Parse("2001:db8::"), 32),    // documentation
    ];

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, Azure, GCP, OpenStack
        IPAddress.Parse("169.254.170.2"),   // AWS ECS task credentials
        IPAddress.Parse("fd00:ec2::254"),   // AWS IMDS over IPv6
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
    ];

    /// <summary>Null when the address may be called; otherwise why not.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivateNetworks)
    {
        var effective = Unwrap(address);
        if (MetadataAddresses.Contains(effective))
        {
            return $"{address} is a cloud metadata address.";
        }
        if (allowPrivateNetworks)
        {
            return null;
        }
        foreach (var (network, prefix) in PrivateRanges)
        {
            if (network.AddressFamily == effective.AddressFamily && InRange(effective, network, prefix))
            {
                return $"{address} is a loopback, private, link-local or reserved address.";
            }
        }
        return null;
    }

    /// <summary>The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address; else the address.</summary>
    internal static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        // 64:ff9b::/96 (NAT64): the last four bytes are the IPv4 address.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.Skip(4).Take(8).All(b => b == 0))
        {
            return new IPAddress(bytes[12..16]);
        }
        // 2002::/16 (6to4): bytes 2..5.
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return new IPAddress(bytes[2..6]);
        }
        // ::a.b.c.d (IPv4-compatible, deprecated) but not :: or ::1.
        if (bytes.Take(12).All(b => b == 0) && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1))
        {
            return new IPAddress(bytes[12..16]);
        }
        return address;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var full = prefix / 8;
        for (var i = 0; i < full; i++)
        {
            if (a[i] != n[i])
            {
                return false;
            }
        }
        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }
        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (n[full] & mask);
    }
}
