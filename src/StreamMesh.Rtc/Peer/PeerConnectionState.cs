namespace StreamMesh.Rtc.Peer;

/// <summary>The combined ICE + DTLS state of a peer connection, as the W3C RTCPeerConnectionState names it.</summary>
public enum PeerConnectionState
{
    New,
    Connecting,
    Connected,
    Disconnected,
    Failed,
    Closed,
}
