using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Chaos;

/// <summary>Everything a chaos run measured.</summary>
public sealed record ChaosReport(
    DateTimeOffset StartedAt,
    int ViewersRequested,
    int ViewersConnected,
    int ViewersLost,
    IReadOnlyList<string> LostViewers,
    IReadOnlyList<KillRecord> Kills,
    TreeLoadSummary Tree,
    DistributionSummary WorstGapPerViewer,
    DistributionSummary GapP95PerViewer,
    LoadSummary Load,
    FloodReport? Flood,
    string TreeBefore,
    string TreeAfter,
    IReadOnlyList<ViewerReport> ViewerReports);
