namespace StreamMesh.Simulator.Metrics;

/// <summary>Outcome of failing a fraction of the distributing peers at once.</summary>
public sealed record FailureReport
{
    /// <summary>Fraction of distributing peers failed.</summary>
    public required double Fraction { get; init; }

    /// <summary>Distributing peers that failed.</summary>
    public required int FailedPeers { get; init; }

    /// <summary>Live children of failed peers (they lost their parent).</summary>
    public required int Orphans { get; init; }

    /// <summary>Peers without media at some point: the orphans and everything below them.</summary>
    public required int AffectedPeers { get; init; }

    /// <summary>Time from the failure until an orphan receives media again, ms.</summary>
    public required Summary OrphanReattachMs { get; init; }

    /// <summary>Time until 99 % of the orphans were reattached, ms (the 99th percentile above).</summary>
    public required double Reattach99PercentMs { get; init; }

    /// <summary>Orphans still without media at the end of the horizon.</summary>
    public required int NotReattached { get; init; }

    /// <summary>Peers (orphans and their subtrees) whose media stalled longer than 2 s.</summary>
    public required int StalledOver2s { get; init; }

    /// <summary><see cref="StalledOver2s"/> as a share of all live peers.</summary>
    public required double StalledOver2sShare { get; init; }

    /// <summary>Tracker requests per orphan until reattached.</summary>
    public required double ReportsPerOrphan { get; init; }

    /// <summary>Tree after recovery.</summary>
    public required TreeMetrics TreeAfter { get; init; }
}
