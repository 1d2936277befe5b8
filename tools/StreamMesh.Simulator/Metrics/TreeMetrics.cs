namespace StreamMesh.Simulator.Metrics;

/// <summary>Shape and quality of one tree.</summary>
public sealed record TreeMetrics
{
    /// <summary>Which tree ("ranked", "random", "oracle").</summary>
    public required string Tree { get; init; }

    /// <summary>Attached non-origin peers.</summary>
    public required int Peers { get; init; }

    /// <summary>Peers cut off from every origin.</summary>
    public required int Detached { get; init; }

    /// <summary>Joins refused for lack of an eligible parent.</summary>
    public required int Refused { get; init; }

    /// <summary>Relative delay penalty: tree path latency ÷ direct origin→peer latency (true RTTs).</summary>
    public required Summary Rdp { get; init; }

    /// <summary>True one-way path latency from the origin, ms.</summary>
    public required Summary PathLatencyMs { get; init; }

    /// <summary>Peers per depth (index = depth).</summary>
    public required IReadOnlyList<int> DepthHistogram { get; init; }

    /// <summary>Deepest level.</summary>
    public required int MaxDepth { get; init; }

    /// <summary>Children per distributing peer that has at least one child.</summary>
    public required Summary FanOut { get; init; }

    /// <summary>Distributing peers (origin, relays, relay-capable viewers) in the tree.</summary>
    public required int DistributingPeers { get; init; }

    /// <summary>Share of all tree links that leave an origin.</summary>
    public required double OriginEgressShare { get; init; }

    /// <summary>1 − origin egress share.</summary>
    public required double Offload { get; init; }

    /// <summary>Links whose parent is on the child's site.</summary>
    public required double SameSiteRate { get; init; }

    /// <summary>Links the site rules forbid (must be 0).</summary>
    public required int ForbiddenLinks { get; init; }
}
