using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Peer;

/// <summary>
/// What every peer connection of a node shares: the one UDP socket (ICE, DTLS and SRTP for all
/// peers, RFC 7983 demultiplexing) and the node's DTLS certificate, whose fingerprint goes in
/// every SDP.
/// </summary>
public sealed class WebRtcEndpoint(UdpMux mux, DtlsCertificate certificate) : IAsyncDisposable
{
    public UdpMux Mux { get; } = mux;

    public DtlsCertificate Certificate { get; } = certificate;

    public ValueTask DisposeAsync() => Mux.DisposeAsync();
}
