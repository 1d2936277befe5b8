namespace StreamMesh.Simulator.Metrics;

/// <summary>Outcome of the churn phase.</summary>
public sealed record ChurnReport
{
    /// <summary>Simulated duration, s.</summary>
    public required double Seconds { get; init; }

    /// <summary>Median session length, s (log-normal).</summary>
    public required double SessionMedianSeconds { get; init; }

    /// <summary>σ of the session length distribution.</summary>
    public required double SessionSigma { get; init; }

    /// <summary>Arrivals that attached.</summary>
    public required int Joins { get; init; }

    /// <summary>Arrivals refused.</summary>
    public required int Refused { get; init; }

    /// <summary>Departures announced with a leave.</summary>
    public required int GracefulLeaves { get; init; }

    /// <summary>Departures without goodbye.</summary>
    public required int AbruptLeaves { get; init; }

    /// <summary>Peers that lost their parent through a departure.</summary>
    public required int Orphans { get; init; }

    /// <summary>Orphans and their subtrees.</summary>
    public required int AffectedPeers { get; init; }

    /// <summary>Time without media per orphan, ms.</summary>
    public required Summary OrphanStallMs { get; init; }

    /// <summary>Affected peers whose media stalled longer than 2 s.</summary>
    public required int StalledOver2s { get; init; }

    /// <summary>Simulated time from a churn arrival's first request to media, ms.</summary>
    public required Summary JoinToMediaMs { get; init; }

    /// <summary>Tree at the end of the churn phase.</summary>
    public required TreeMetrics TreeAfter { get; init; }
}
