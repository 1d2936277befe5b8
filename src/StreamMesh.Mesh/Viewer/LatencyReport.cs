namespace StreamMesh.Mesh.Viewer;

/// <summary>Glass-to-glass latency per video frame: arrival time minus abs-capture-time, in milliseconds.</summary>
public sealed record LatencyReport(long Samples, int? P50Milliseconds, int? P95Milliseconds, int? MaxMilliseconds);
