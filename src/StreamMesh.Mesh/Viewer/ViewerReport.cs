namespace StreamMesh.Mesh.Viewer;

/// <summary>The stats JSON of a headless viewer run.</summary>
/// <param name="Parent">The node watched last (WHEP URL).</param>
/// <param name="StartedAt">When media started flowing.</param>
/// <param name="DurationSeconds">Seconds from the first complete video frame to the end.</param>
/// <param name="TotalBytes">RTP bytes received, audio and video, retransmissions included.</param>
/// <param name="EndReason">Why watching stopped: duration reached, stopped by the user, connection lost.</param>
/// <param name="Parents">Every parent watched, in order (description: id, site, hop, probe RTT).</param>
/// <param name="Reattachments">Times the viewer moved to another parent (lost parent or the tracker's move).</param>
/// <param name="LongestFreezeSeconds">Longest time without a new video frame while watching, parent changes included.</param>
public sealed record ViewerReport(
    string Parent,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    long TotalBytes,
    double AverageBitrateKbps,
    string EndReason,
    VideoReport Video,
    AudioReport Audio,
    LatencyReport Latency,
    RecordingReport? Recording,
    IReadOnlyList<string>? Parents = null,
    int Reattachments = 0,
    double LongestFreezeSeconds = 0);
