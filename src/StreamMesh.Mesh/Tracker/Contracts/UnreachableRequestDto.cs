namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Body of POST /api/streams/{stream}/unreachable: "my parent (or a backup) stopped answering".</summary>
public sealed record UnreachableRequestDto
{
    /// <summary>Reporting peer.</summary>
    public required string PeerId { get; init; }

    /// <summary>Session from the join.</summary>
    public required string Session { get; init; }

    /// <summary>Peers that could not be reached (the lost parent, backups that failed to connect).</summary>
    public required IReadOnlyList<string> Unreachable { get; init; }

    /// <summary>Backups that just answered the child's liveness check, in its order of preference; tried first.</summary>
    public IReadOnlyList<string>? Reachable { get; init; }

    /// <summary>
    /// True when the reporter is sure (its parent said goodbye, the connection failed, or it stayed silent past the
    /// reporter's patience): move it regardless. Otherwise a parent the tracker finds alive keeps the reporter — it is
    /// most likely healing above it.
    /// </summary>
    public bool Insist { get; init; }
}
