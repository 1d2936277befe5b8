namespace StreamMesh.Mesh.LoadTesting;

/// <summary>A live sample of a run, for a progress line.</summary>
public sealed record LoadProgress(
    TimeSpan Elapsed,
    int Started,
    int Connected,
    int Failed,
    double PacketsPerSecond,
    double MegabitsPerSecond,
    double VideoLatencyP50Ms,
    double VideoLatencyP95Ms,
    long Lost,
    double LongestVideoGapMs);
