namespace StreamMesh.Rtc.Peer;

/// <summary>
/// Receives a peer connection's decrypted media and feedback. Called on the shared socket's receive
/// loop: implementations must not block, and must copy what they keep (the span is reused).
/// </summary>
public interface IRtpPacketHandler
{
    void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet);

    void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket);
}
