using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>One stream on the dashboard: the tree with per-node stats, and the aggregates drawn beside it.</summary>
public sealed record DashboardStreamDto
{
    /// <summary>Stream name.</summary>
    public required string Stream { get; init; }

    /// <summary>Every node, parents before children, as in GET /api/streams/{stream}/tree.</summary>
    public required IReadOnlyList<TreeNodeDto> Nodes { get; init; }

    /// <summary>Origins in the tree.</summary>
    public required int Origins { get; init; }

    /// <summary>Relays in the tree.</summary>
    public required int Relays { get; init; }

    /// <summary>Viewers in the tree (relay-capable viewers included).</summary>
    public required int Viewers { get; init; }

    /// <summary>Peers cut off from every origin, waiting for a slot.</summary>
    public required int Detached { get; init; }

    /// <summary>Viewers per site.</summary>
    public required IReadOnlyDictionary<string, int> ViewersBySite { get; init; }

    /// <summary>Share of viewers not fed directly by an origin, percent; null without viewers.</summary>
    public double? OriginOffloadPercent { get; init; }

    /// <summary>Peers that attached in the last minute.</summary>
    public required int JoinsPerMinute { get; init; }

    /// <summary>Peers that left (or were removed as dead) in the last minute.</summary>
    public required int LeavesPerMinute { get; init; }

    /// <summary>Viewer quality of experience from their heartbeats.</summary>
    public required QoeSummaryDto Qoe { get; init; }
}
