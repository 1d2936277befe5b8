using System.Net;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// A remote endpoint validated by an ICE agent: the key under which DTLS and SRTP from it are routed.
/// Holds the endpoint in both shapes so that neither receiving nor sending has to allocate one.
/// </summary>
internal sealed class UdpMuxEndPointBinding(UdpMuxRegistration registration, IPEndPoint endPoint, System.Net.SocketAddress socketAddress)
{
    public UdpMuxRegistration Registration { get; } = registration;

    /// <summary>Owned copy; handed to sinks, never mutated.</summary>
    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>Serialized in the socket's address family (IPv4-mapped on a dual-stack socket).</summary>
    public System.Net.SocketAddress SocketAddress { get; } = socketAddress;
}
