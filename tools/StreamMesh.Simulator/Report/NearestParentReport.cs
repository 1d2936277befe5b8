namespace StreamMesh.Simulator.Report;

/// <summary>Audited joins: the chosen parent versus the true nearest parent with capacity (by true RTT).</summary>
public sealed record NearestParentReport
{
    /// <summary>Joins audited (every n-th).</summary>
    public required int Samples { get; init; }

    /// <summary>Share where the chosen parent was exactly the true nearest eligible one.</summary>
    public required double ExactRate { get; init; }

    /// <summary>Share where the chosen parent's RTT was within 10 % (or 2 ms) of the nearest's.</summary>
    public required double Within10PercentRate { get; init; }

    /// <summary>Mean of chosen RTT ÷ nearest RTT.</summary>
    public required double MeanRttRatio { get; init; }
}
