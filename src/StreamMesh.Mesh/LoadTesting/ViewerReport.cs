namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// One headless viewer at report time. Latencies are glass-to-glass: arrival wall clock minus the
/// abs-capture-time the origin stamped at ingest (same machine clock on loopback).
/// <see cref="LongestVideoGapMs"/> is the longest interval without a video packet after the first one.
/// <see cref="ReceiveBufferDrops"/> counts datagrams the kernel dropped at this viewer's own socket
/// (the load generator was too slow to drain it): loss the client caused, not the node.
/// In the relay tree: <see cref="Parent"/> at report time, the time each reattach took
/// (<see cref="ReattachMs"/>, last packet of the old parent → connected to the new one) and every
/// video silence of 100 ms or more (<see cref="GapEventsMs"/>). <see cref="RtpUnverified"/>: RTP packets
/// accounted from their clear header without SRTP verification (<see cref="HeadlessViewerOptions.VerifyEvery"/> &gt; 1).
/// </summary>
public sealed record ViewerReport(
    int Index,
    string State,
    string? FailureReason,
    double? ConnectMs,
    IReadOnlyList<ReceivedStreamReport> Streams,
    long VideoPackets,
    long AudioPackets,
    long Bytes,
    long Lost,
    long Expected,
    double LongestVideoGapMs,
    DistributionSummary VideoLatency,
    DistributionSummary AudioLatency,
    long NacksSent,
    long PictureLossIndicationsSent,
    long ReceiverReportsSent,
    long SenderReportsReceived,
    long MalformedPackets,
    long SrtpDropped,
    long ReceiveBufferDrops,
    string? Parent = null,
    IReadOnlyList<double>? ReattachMs = null,
    IReadOnlyList<double>? GapEventsMs = null,
    long RtpUnverified = 0);
