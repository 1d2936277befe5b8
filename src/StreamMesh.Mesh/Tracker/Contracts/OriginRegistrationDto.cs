namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Body of POST /api/streams/{stream}/origins: an origin registers as a root (and creates the stream).</summary>
public sealed record OriginRegistrationDto
{
    /// <summary>Origin id, unique in the stream.</summary>
    public required string PeerId { get; init; }

    /// <summary>Maximum direct children.</summary>
    public required int Capacity { get; init; }

    /// <summary>WHEP base URL children connect to.</summary>
    public required string Url { get; init; }

    /// <summary>Explicit site; otherwise resolved from the caller's address.</summary>
    public string? Site { get; init; }

    /// <summary>A coordinate kept from an earlier run.</summary>
    public CoordinateDto? Coordinate { get; init; }
}
