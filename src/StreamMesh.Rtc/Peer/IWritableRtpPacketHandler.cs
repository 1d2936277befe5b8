namespace StreamMesh.Rtc.Peer;

/// <summary>
/// An <see cref="IRtpPacketHandler"/> that rewrites received RTP in place (a relay republishing it):
/// it is given the decrypted packet as a writable span over the socket's receive buffer, which saves
/// the copy a read-only span would force. Same rules: called on the receive loop, must not block,
/// and the span is only valid during the call.
/// </summary>
public interface IWritableRtpPacketHandler : IRtpPacketHandler
{
    void OnWritableRtp(RtcPeerConnection connection, Span<byte> packet);
}
