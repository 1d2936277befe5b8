using StreamMesh.Simulator.Metrics;

namespace StreamMesh.Simulator.Report;

/// <summary>Everything one simulation run measured (serialised as the --json output).</summary>
public sealed record SimulationReport
{
    /// <summary>"ripe" or "enterprise".</summary>
    public required string Underlay { get; init; }

    /// <summary>Flash-crowd size.</summary>
    public required int Peers { get; init; }

    /// <summary>Seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Where the origin and tracker run (RIPE).</summary>
    public string? OriginCountry { get; init; }

    /// <summary>Role mix.</summary>
    public required PopulationReport Population { get; init; }

    /// <summary>Wall-clock figures.</summary>
    public required TimingReport Timing { get; init; }

    /// <summary>The tree the library built (after the flash crowd and settling).</summary>
    public required TreeMetrics Ranked { get; init; }

    /// <summary>Baseline: random eligible parent.</summary>
    public TreeMetrics? RandomBaseline { get; init; }

    /// <summary>Baseline: greedy nearest eligible parent on true RTTs.</summary>
    public TreeMetrics? OracleBaseline { get; init; }

    /// <summary>Coordinate prediction error.</summary>
    public required VivaldiAccuracy Vivaldi { get; init; }

    /// <summary>Chosen versus true nearest parent.</summary>
    public required NearestParentReport NearestParent { get; init; }

    /// <summary>Simulated join time of the flash crowd (first request to media), ms.</summary>
    public required Summary JoinToMediaMs { get; init; }

    /// <summary>Churn phase.</summary>
    public ChurnReport? Churn { get; init; }

    /// <summary>Mass-failure experiments.</summary>
    public required IReadOnlyList<FailureReport> Failures { get; init; }

    /// <summary>Targets and whether they are met.</summary>
    public required IReadOnlyList<TargetResult> Targets { get; init; }
}
