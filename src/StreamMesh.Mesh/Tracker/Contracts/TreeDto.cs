namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>GET /api/streams/{stream}/tree: the whole tree.</summary>
public sealed record TreeDto
{
    /// <summary>Stream name.</summary>
    public required string Stream { get; init; }

    /// <summary>Peers in the tree (attached and detached).</summary>
    public required int Peers { get; init; }

    /// <summary>Joiners that have not confirmed yet.</summary>
    public required int Pending { get; init; }

    /// <summary>Peers cut off and waiting for a slot.</summary>
    public required int Detached { get; init; }

    /// <summary>Deepest level.</summary>
    public required int MaxDepth { get; init; }

    /// <summary>Every peer, parents before children.</summary>
    public required IReadOnlyList<TreeNodeDto> Nodes { get; init; }
}
