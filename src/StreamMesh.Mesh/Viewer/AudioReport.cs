namespace StreamMesh.Mesh.Viewer;

/// <summary>Audio reception and continuity of one viewer run. Audio has no RTX or NACK: every loss is a gap.</summary>
/// <param name="Packets">RTP packets received on the wire.</param>
/// <param name="NetworkLost">Packets missing on the wire (RFC 3550 A.3 cumulative lost).</param>
/// <param name="InjectedLost">Packets discarded by the viewer's own seeded loss injection (detectable ones).</param>
/// <param name="InjectedGaps">Runs of injected drops (detectable ones).</param>
/// <param name="Gaps">Loss events the continuity monitor saw (a run of missing packets counts once).</param>
/// <param name="MissingPackets">Packets the continuity monitor saw missing.</param>
/// <param name="LatePackets">Packets that arrived behind the sequence (reordered, duplicated).</param>
/// <param name="Discontinuities">Timeline breaks: timestamp jumps not explained by loss, or restarts.</param>
/// <param name="DecodedFrames">Opus packets decoded.</param>
/// <param name="ConcealedFrames">Lost packets replaced by packet-loss concealment.</param>
/// <param name="FecRecoveredFrames">Lost packets rebuilt from in-band FEC.</param>
/// <param name="MalformedPackets">Packets the decoder rejected (glitches).</param>
public sealed record AudioReport(
    long Packets,
    long NetworkLost,
    long InjectedLost,
    long InjectedGaps,
    long Gaps,
    long MissingPackets,
    long LatePackets,
    long Discontinuities,
    long DecodedFrames,
    long ConcealedFrames,
    long FecRecoveredFrames,
    long MalformedPackets);
