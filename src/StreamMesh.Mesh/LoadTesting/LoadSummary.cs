namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Aggregate of a run. Rates are measured over the hold window (all viewers settled).
/// Latency percentiles are over all packets of all viewers during the hold window (the join burst from the
/// keyframe cache excluded); gap percentiles over each viewer's longest video gap in that window.
/// <see cref="SrtpDropped"/>: packets that failed SRTP verification (forged, corrupted, replayed);
/// <see cref="RtpUnverified"/>: RTP packets accounted without verification (sampling, <c>--verify-every</c>).
/// </summary>
public sealed record LoadSummary(
    int ViewersRequested,
    int ViewersConnected,
    int ViewersFailed,
    int ViewersWithVideoAndAudio,
    DistributionSummary ConnectTime,
    double HoldSeconds,
    long Packets,
    long Bytes,
    double PacketsPerSecond,
    double MegabitsPerSecond,
    long Lost,
    long Expected,
    double LossFraction,
    long NacksSent,
    long PictureLossIndicationsSent,
    long RetransmissionsReceived,
    long ReceiveBufferDrops,
    DistributionSummary VideoLatency,
    DistributionSummary AudioLatency,
    DistributionSummary LongestVideoGap,
    IReadOnlyDictionary<string, int> FailureReasons,
    long SrtpDropped = 0,
    long RtpUnverified = 0);
