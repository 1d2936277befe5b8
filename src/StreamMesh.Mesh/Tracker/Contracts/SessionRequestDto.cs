namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Body of POST /api/streams/{stream}/leave.</summary>
public sealed record SessionRequestDto
{
    /// <summary>Peer id.</summary>
    public required string PeerId { get; init; }

    /// <summary>Session from join or origin registration.</summary>
    public required string Session { get; init; }
}
