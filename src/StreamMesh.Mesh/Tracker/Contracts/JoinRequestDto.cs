namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Body of POST /api/streams/{stream}/join.</summary>
public sealed record JoinRequestDto
{
    /// <summary>Joiner id, unique in the stream.</summary>
    public required string PeerId { get; init; }

    /// <summary>relay, viewer or relayCapableViewer.</summary>
    public required TrackerPeerRole Role { get; init; }

    /// <summary>Maximum children (0 for viewers).</summary>
    public int Capacity { get; init; }

    /// <summary>WHEP base URL; required when the peer can relay.</summary>
    public string? Url { get; init; }

    /// <summary>Explicit site; otherwise resolved from the caller's address.</summary>
    public string? Site { get; init; }

    /// <summary>A coordinate kept from an earlier session.</summary>
    public CoordinateDto? Coordinate { get; init; }

    /// <summary>RTTs measured to landmarks or earlier candidates.</summary>
    public IReadOnlyList<RttSampleDto>? Probes { get; init; }

    /// <summary>The session from a previous join round of the same joiner.</summary>
    public string? Session { get; init; }

    /// <summary>Viewer token (docs/security.md), required to join a private stream.</summary>
    public string? Token { get; init; }
}
