namespace StreamMesh.Rtc.Peer;

/// <summary>
/// Receives a peer connection's decrypted media and feedback. Called on the shared socket's receive
/// loop: implementations must not block, and must copy what they keep (the span is reused).
/// </summary>
public interface IRtpPacketHandler
{
    void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet);

    void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket);

    /// <summary>
    /// The socket's receive loop has handed over everything of one receive burst that was for this
    /// connection (see <see cref="RtcPeerConnection.IsInReceiveBurst"/>): a handler that held packets
    /// back during the burst sends them on now. Called once per burst that reached the connection (which
    /// may have brought the handler nothing, e.g. only DTLS), never on loops without bursts.
    /// </summary>
    void OnReceiveBurstEnd(RtcPeerConnection connection)
    {
    }
}
