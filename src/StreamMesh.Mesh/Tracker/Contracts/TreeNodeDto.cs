namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>One peer in GET /api/streams/{stream}/tree.</summary>
public sealed record TreeNodeDto
{
    /// <summary>Peer id.</summary>
    public required string Id { get; init; }

    /// <summary>Role.</summary>
    public required TrackerPeerRole Role { get; init; }

    /// <summary>Site.</summary>
    public required string Site { get; init; }

    /// <summary>"attached" or "detached".</summary>
    public required string State { get; init; }

    /// <summary>Parent id; null for origins and detached roots.</summary>
    public string? Parent { get; init; }

    /// <summary>Depth (origins are 0).</summary>
    public required int Depth { get; init; }

    /// <summary>Children ids.</summary>
    public required IReadOnlyList<string> Children { get; init; }

    /// <summary>RTT to the parent, ms (measured when <see cref="RttMeasured"/>, else predicted).</summary>
    public double? RttToParentMs { get; init; }

    /// <summary>True when the RTT to the parent was reported by the peer.</summary>
    public required bool RttMeasured { get; init; }

    /// <summary>One-way latency from the origin along the tree, ms.</summary>
    public required double PathLatencyMs { get; init; }

    /// <summary>Children ÷ capacity (0 for peers that cannot relay).</summary>
    public required double Load { get; init; }

    /// <summary>Maximum children.</summary>
    public required int Capacity { get; init; }

    /// <summary>WHEP base URL.</summary>
    public string? Url { get; init; }

    /// <summary>Statistics from the last heartbeat.</summary>
    public PeerStatsDto? Stats { get; init; }
}
