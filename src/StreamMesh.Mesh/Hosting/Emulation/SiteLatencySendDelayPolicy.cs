using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Hosting.Emulation;

/// <summary>
/// Emulated one-way latency for outbound UDP: half the RTT between this node's site and the site the
/// destination address maps to. Allocation-free: reads the IPv4 address straight out of the
/// <see cref="SocketAddress"/> bytes.
/// </summary>
public sealed class SiteLatencySendDelayPolicy : IUdpSendDelayPolicy
{
    private readonly EmulatedRttTable _table;
    private readonly TimeSpan[] _oneWayBySite;

    public SiteLatencySendDelayPolicy(EmulatedRttTable table, int ownSite)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _oneWayBySite = new TimeSpan[table.Sites.Count];
        for (int i = 0; i < _oneWayBySite.Length; i++)
        {
            _oneWayBySite[i] = table.Rtt(ownSite, i) / 2;
        }
    }

    public TimeSpan GetDelay(SocketAddress remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!TryReadIPv4(remote, out uint address))
        {
            return TimeSpan.Zero;
        }

        int site = _table.SiteOf(address);
        return site >= 0 && site < _oneWayBySite.Length ? _oneWayBySite[site] : TimeSpan.Zero;
    }

    /// <summary>sockaddr_in keeps the address at bytes 4–7; sockaddr_in6 at 8–23 (an IPv4-mapped one ends in the IPv4 address).</summary>
    internal static bool TryReadIPv4(SocketAddress remote, out uint address)
    {
        var bytes = remote.Buffer.Span;
        address = 0;
        if (remote.Family == AddressFamily.InterNetwork && remote.Size >= 8)
        {
            address = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..8]);
            return true;
        }

        if (remote.Family == AddressFamily.InterNetworkV6 && remote.Size >= 24
            && bytes[8..18].IndexOfAnyExcept((byte)0) < 0 && bytes[18] == 0xFF && bytes[19] == 0xFF)
        {
            address = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..24]);
            return true;
        }

        return false;
    }
}
