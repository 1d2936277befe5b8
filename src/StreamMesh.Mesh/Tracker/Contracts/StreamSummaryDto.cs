namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>One entry of GET /api/streams.</summary>
public sealed record StreamSummaryDto
{
    /// <summary>Stream name.</summary>
    public required string Stream { get; init; }

    /// <summary>Origins.</summary>
    public required int Origins { get; init; }

    /// <summary>Peers in the tree.</summary>
    public required int Peers { get; init; }
}
