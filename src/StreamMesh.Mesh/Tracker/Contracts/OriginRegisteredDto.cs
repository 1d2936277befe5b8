namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Answer to an origin registration.</summary>
public sealed record OriginRegisteredDto
{
    /// <summary>Stream name.</summary>
    public required string Stream { get; init; }

    /// <summary>Origin id.</summary>
    public required string PeerId { get; init; }

    /// <summary>Secret to send with heartbeat and leave.</summary>
    public required string Session { get; init; }

    /// <summary>Resolved site.</summary>
    public required string Site { get; init; }

    /// <summary>How often to heartbeat, ms.</summary>
    public required int HeartbeatIntervalMs { get; init; }
}
