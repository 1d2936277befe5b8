using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Ice;

/// <summary>
/// Host candidates (RFC 8445 §5.1.1.1) for a mux socket: every usable interface address when the
/// socket listens on the wildcard address, only the bound address otherwise; all on the mux port.
/// </summary>
internal static class IceHostCandidateGatherer
{
    /// <summary>Local preference given to loopback, below every real interface.</summary>
    private const ushort LoopbackPreference = 1000;

    public static List<IceCandidate> Gather(IPEndPoint muxEndPoint, bool includeLoopback)
    {
        int port = muxEndPoint.Port;
        IPAddress bound = muxEndPoint.Address;
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            // A socket bound to one address can only be reached there, loopback included.
            return [CreateHost(bound, port, IceCandidatePriority.MaxLocalPreference)];
        }

        bool dualStack = bound.Equals(IPAddress.IPv6Any);
        var interfaces = new List<IPAddress>();
        var loopbacks = new List<IPAddress>();
        foreach (IPAddress address in EnumerateUnicast())
        {
            if (!IsUsable(address, dualStack) || interfaces.Contains(address) || loopbacks.Contains(address))
            {
                continue;
            }

            (IPAddress.IsLoopback(address) ? loopbacks : interfaces).Add(address);
        }

        var candidates = new List<IceCandidate>(interfaces.Count + loopbacks.Count);
        ushort preference = IceCandidatePriority.MaxLocalPreference;
        foreach (IPAddress address in interfaces)
        {
            candidates.Add(CreateHost(address, port, preference));
            preference = (ushort)Math.Max(LoopbackPreference + 1, preference - 1);
        }

        // A host without any other interface (an isolated container) is still reachable on loopback.
        if (includeLoopback || candidates.Count == 0)
        {
            foreach (IPAddress address in loopbacks)
            {
                candidates.Add(CreateHost(address, port, LoopbackPreference));
            }
        }

        return candidates;
    }

    /// <summary>Foundation shared by candidates of one type, base address and server (RFC 8445 §5.1.1.3).</summary>
    public static string Foundation(IceCandidateType type, IPAddress baseAddress, IPEndPoint? server)
    {
        string key = string.Create(CultureInfo.InvariantCulture, $"{IceCandidate.TypeName(type)}|{baseAddress}|{server}|udp");
        return StunCrc32.Compute(System.Text.Encoding.ASCII.GetBytes(key)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The local address the OS would send from to reach <paramref name="destination"/>: the base of a
    /// srflx candidate (RFC 8445 §5.1.1.2). Found by connecting a throw-away UDP socket, which sends nothing.
    /// </summary>
    public static IPAddress RouteSource(IPEndPoint muxEndPoint, IPAddress destination)
    {
        if (!muxEndPoint.Address.Equals(IPAddress.Any) && !muxEndPoint.Address.Equals(IPAddress.IPv6Any))
        {
            return muxEndPoint.Address;
        }

        try
        {
            using var probe = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(destination, 9));
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        }
    }

    public static IceCandidate CreateHost(IPAddress address, int port, ushort localPreference) => new(
        Foundation(IceCandidateType.Host, address, null),
        IceCandidatePriority.RtpComponent,
        "udp",
        IceCandidatePriority.ForCandidate(IceCandidateType.Host, localPreference),
        address.ToString(),
        port,
        IceCandidateType.Host);

    private static bool IsUsable(IPAddress address, bool dualStack)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            byte[] bytes = address.GetAddressBytes();
            return !(bytes[0] == 169 && bytes[1] == 254); // IPv4 link-local (RFC 3927)
        }

        return dualStack
            && address.AddressFamily == AddressFamily.InterNetworkV6
            && !address.IsIPv6LinkLocal
            && !address.IsIPv6SiteLocal
            && !address.IsIPv4MappedToIPv6;
    }

    private static List<IPAddress> EnumerateUnicast()
    {
        var addresses = new List<IPAddress>();
        try
        {
            foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
                {
                    continue;
                }

                foreach (UnicastIPAddressInformation unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    addresses.Add(unicast.Address);
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Enumeration can fail in restricted sandboxes; fall back to loopback below.
        }

        if (addresses.Count == 0)
        {
            addresses.Add(IPAddress.Loopback);
        }

        return addresses;
    }
}
