using System.Net;

namespace StreamMesh.Rtc.Peer;

/// <summary>Per-connection settings of a <see cref="RtcPeerConnection"/>.</summary>
public sealed record RtcPeerConnectionOptions
{
    /// <summary>Offer loopback host candidates (needed when both ends run on one machine).</summary>
    public bool IncludeLoopbackCandidates { get; init; } = true;

    /// <summary>STUN server for a server-reflexive candidate, when the node is behind NAT.</summary>
    public IPEndPoint? StunServer { get; init; }

    /// <summary>Time from negotiation to a connected ICE pair plus a finished DTLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>DTLS handshake limit once ICE has connected.</summary>
    public TimeSpan DtlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero || DtlsHandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ConnectTimeout and DtlsHandshakeTimeout must be positive");
        }
    }
}
