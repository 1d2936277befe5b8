using System.Net;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// Receives the non-STUN traffic of one peer connection from <see cref="UdpMux"/>: datagrams whose
/// source endpoint has been validated by that connection's ICE agent.
/// </summary>
/// <remarks>
/// The methods run on the mux's single receive loop: they must not block or await, and must copy
/// whatever they keep. The span is only valid during the call.
/// </remarks>
public interface IUdpMuxSink
{
    /// <summary>A DTLS record (first byte 20–63, RFC 7983).</summary>
    void OnDtlsDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote);

    /// <summary>
    /// An SRTP or SRTCP packet (first byte 128–191; use <see cref="DatagramClassifier.IsRtcpPacketType"/>
    /// to tell them apart). The span is writable so that the sink can decrypt in place.
    /// </summary>
    void OnRtpDatagram(Span<byte> datagram, IPEndPoint remote);

    /// <summary>
    /// The receive loop has dispatched every datagram of one receive burst (<see cref="UdpMux.IsInReceiveBurst"/>),
    /// at least one of them to this sink: what the sink held back for the burst should go on now.
    /// Called once per burst per sink that got a datagram of it, on the receive loop; only the mux's
    /// dedicated receive thread on Linux receives in bursts, other loops never call this.
    /// </summary>
    void OnReceiveBurstEnd()
    {
    }
}
