namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Body of POST /api/streams/{stream}/confirm.</summary>
public sealed record ConfirmRequestDto
{
    /// <summary>Joiner id.</summary>
    public required string PeerId { get; init; }

    /// <summary>Session from the join.</summary>
    public required string Session { get; init; }

    /// <summary>Parent ids in order of preference (usually by measured RTT).</summary>
    public required IReadOnlyList<string> Parents { get; init; }

    /// <summary>RTTs measured while probing.</summary>
    public IReadOnlyList<RttSampleDto>? Probes { get; init; }
}
