namespace StreamMesh.Mesh.LoadTesting;

/// <summary>Percentiles of a set of durations (latencies, media gaps), in milliseconds for easy JSON use.</summary>
public sealed record DistributionSummary(long Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static DistributionSummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
