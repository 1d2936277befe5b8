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

    /// <summary>
    /// The peer keeps a warm standby session to its first backup (Tree:WarmStandby). While it holds none to the current
    /// first backup (<see cref="StandbyParent"/>), every heartbeat answer at least a second after the last one carries a
    /// fresh standby ticket, so a standby that dropped or failed to connect is set up again.
    /// </summary>
    public bool WarmStandby { get; init; }

    /// <summary>The backup the peer holds a connected standby session to now, if any.</summary>
    public string? StandbyParent { get; init; }
}
