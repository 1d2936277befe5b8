namespace StreamMesh.Mesh.Viewer;

/// <summary>The stats JSON of a headless viewer run.</summary>
/// <param name="Parent">The node watched (WHEP URL).</param>
/// <param name="StartedAt">When media started flowing.</param>
/// <param name="DurationSeconds">Seconds from the first complete video frame to the end.</param>
/// <param name="TotalBytes">RTP bytes received, audio and video, retransmissions included.</param>
/// <param name="EndReason">Why watching stopped: duration reached, stopped by the user, connection lost.</param>
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
    RecordingReport? Recording);
