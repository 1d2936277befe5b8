namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Counters of one incoming SSRC at report time. <see cref="Expected"/> and <see cref="Lost"/> follow
/// RFC 3550 A.3 (extended highest sequence number minus base, minus packets received) and count a
/// packet repaired by RTX as received, so they measure what the viewer could not play.
/// </summary>
public sealed record ReceivedStreamReport(
    uint Ssrc,
    string Kind,
    bool IsRetransmission,
    long Packets,
    long Bytes,
    long Expected,
    long Lost,
    double LossFraction,
    long Retransmissions,
    double JitterMs);
