namespace StreamMesh.Mesh.Streams;

/// <summary>
/// A consumer of a live stream's RTP packets (a WHEP viewer session, later a relay's child).
/// <see cref="SendPacket"/> is called on the publishing loop for every packet; it must copy what
/// it keeps and never block (a slow subscriber drops, it does not stall the others).
/// </summary>
public interface IStreamSubscriber
{
    void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket);
}
