namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>Quality of experience over a stream's viewers, from the stats in their last heartbeat. Null where no viewer reported it.</summary>
public sealed record QoeSummaryDto
{
    /// <summary>Viewers whose last heartbeat carried stats.</summary>
    public required int ViewersReporting { get; init; }

    /// <summary>Mean fraction of time stalled, 0–1.</summary>
    public double? RebufferingRatio { get; init; }

    /// <summary>Median of the viewers' glass-to-glass latency, ms.</summary>
    public double? GlassToGlassP50Ms { get; init; }

    /// <summary>95th percentile (nearest rank) of the viewers' glass-to-glass latency, ms.</summary>
    public double? GlassToGlassP95Ms { get; init; }

    /// <summary>Mean packet loss from the parent, percent.</summary>
    public double? LossPercent { get; init; }
}
