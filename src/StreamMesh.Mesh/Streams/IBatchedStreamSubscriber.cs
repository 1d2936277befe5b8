using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// A subscriber that writes its packets into its send worker's <see cref="UdpDatagramBatch"/>
/// (copy into the batch slot, rewrite, SRTP-protect in place, commit) so one system call carries
/// many children's packets. Called on the child's send worker, never concurrently for one child.
/// </summary>
public interface IBatchedStreamSubscriber : IStreamSubscriber
{
    /// <param name="sequenceShift">
    /// Subtract from the sequence number (of this packet's kind: audio and video are shifted apart): the
    /// packets of that kind this child skipped while it was behind, so it sees a continuous sequence
    /// (video resuming at a keyframe) rather than a gap it would NACK and count as loss.
    /// </param>
    /// <param name="batch">The worker's batch, or null when the scheduler sends inline: then send at once.</param>
    void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort sequenceShift, UdpDatagramBatch? batch);
}
