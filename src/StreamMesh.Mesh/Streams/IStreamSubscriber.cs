namespace StreamMesh.Mesh.Streams;

/// <summary>
/// A consumer of a live stream's RTP packets (a WHEP viewer session, a relay's child).
/// <see cref="SendPacket"/> is called on the subscriber's send worker (or, with an inline
/// <see cref="FanOutScheduler"/>, on the publishing thread), one packet at a time and in order; it
/// must copy what it keeps and never block. The span is the stream's shared buffer: do not keep it.
/// </summary>
public interface IStreamSubscriber
{
    void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket);
}
