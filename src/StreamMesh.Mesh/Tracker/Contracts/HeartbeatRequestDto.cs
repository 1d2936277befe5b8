namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Body of POST /api/streams/{stream}/heartbeat.</summary>
public sealed record HeartbeatRequestDto
{
    /// <summary>Peer id.</summary>
    public required string PeerId { get; init; }

    /// <summary>Session from join or origin registration.</summary>
    public required string Session { get; init; }

    /// <summary>RTT to the current parent, ms.</summary>
    public double? ParentRttMs { get; init; }

    /// <summary>Other RTTs measured (backups, suggested probes).</summary>
    public IReadOnlyList<RttSampleDto>? Samples { get; init; }

    /// <summary>Media statistics.</summary>
    public PeerStatsDto? Stats { get; init; }
}
