namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Where a peer belongs: its parent, a ticket for it, and ordered backups.</summary>
public sealed record ParentAssignmentDto
{
    /// <summary>Peer id.</summary>
    public required string PeerId { get; init; }

    /// <summary>"attached" or "detached" (waiting for a slot).</summary>
    public required string State { get; init; }

    /// <summary>The parent to receive from; null for origins and detached peers.</summary>
    public CandidateDto? Parent { get; init; }

    /// <summary>True when the parent changed since the last ticket: connect to it with <see cref="Ticket"/>.</summary>
    public required bool ParentChanged { get; init; }

    /// <summary>Signed ticket for the parent, present when <see cref="ParentChanged"/>.</summary>
    public string? Ticket { get; init; }

    /// <summary>Expiry of <see cref="Ticket"/>.</summary>
    public DateTimeOffset? TicketExpiresAt { get; init; }

    /// <summary>
    /// Ticket for the first backup (<see cref="Backups"/>[0]), issued together with <see cref="Ticket"/> and whenever the
    /// first backup changes: a child that keeps a warm standby connection (Tree:WarmStandby) attaches to it in advance.
    /// </summary>
    public string? StandbyTicket { get; init; }

    /// <summary>True on confirm when the first preferred parent was taken and another was chosen.</summary>
    public bool LostRace { get; init; }

    /// <summary>Depth in the tree.</summary>
    public required int Depth { get; init; }

    /// <summary>One-way latency from the origin, ms.</summary>
    public required double PathLatencyMs { get; init; }

    /// <summary>Ordered backup parents (never in the peer's own subtree).</summary>
    public required IReadOnlyList<CandidateDto> Backups { get; init; }

    /// <summary>Peers to measure and report in the next heartbeat's samples.</summary>
    public required IReadOnlyList<CandidateDto> Probe { get; init; }

    /// <summary>How often to heartbeat, ms.</summary>
    public required int HeartbeatIntervalMs { get; init; }
}
