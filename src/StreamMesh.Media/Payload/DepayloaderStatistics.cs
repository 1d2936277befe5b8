namespace StreamMesh.Media.Payload;

/// <summary>Counters of a depayloader since it was created or reset.</summary>
/// <param name="PacketsReceived">Packets pushed.</param>
/// <param name="EmptyPackets">Packets with an empty payload (e.g. padding-only probes).</param>
/// <param name="MalformedPackets">Packets whose payload did not parse.</param>
/// <param name="UnsupportedPackets">Packets of a structure this depayloader does not handle (reserved or interleaved-mode types).</param>
/// <param name="LatePackets">Packets behind the expected sequence number (reordered or duplicated).</param>
/// <param name="LostPackets">Packets missing according to sequence numbers.</param>
/// <param name="SequenceGaps">Number of times the sequence jumped (loss events and restarts).</param>
/// <param name="FramesCompleted">Frames handed out.</param>
/// <param name="FramesDropped">Partially assembled frames thrown away (loss, malformed packet, missing marker, oversize).</param>
/// <param name="FramesAwaitingKeyframe">Complete frames withheld while a keyframe was needed.</param>
/// <param name="OversizeFrames">Frames dropped for outgrowing the size bound.</param>
/// <param name="KeyframeRequests">Times the depayloader started needing a keyframe.</param>
public readonly record struct DepayloaderStatistics(
    long PacketsReceived,
    long EmptyPackets,
    long MalformedPackets,
    long UnsupportedPackets,
    long LatePackets,
    long LostPackets,
    long SequenceGaps,
    long FramesCompleted,
    long FramesDropped,
    long FramesAwaitingKeyframe,
    long OversizeFrames,
    long KeyframeRequests);
