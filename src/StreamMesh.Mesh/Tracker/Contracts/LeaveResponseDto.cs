namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Answer to a leave.</summary>
public sealed record LeaveResponseDto
{
    /// <summary>Peer id that left.</summary>
    public required string PeerId { get; init; }

    /// <summary>Children moved to a backup parent.</summary>
    public required int ChildrenMoved { get; init; }

    /// <summary>Children left waiting for a slot.</summary>
    public required int ChildrenDetached { get; init; }
}
