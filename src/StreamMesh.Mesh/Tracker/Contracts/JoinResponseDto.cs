namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Answer to a join: candidates to probe (or landmarks in a first round).</summary>
public sealed record JoinResponseDto
{
    /// <summary>Stream name.</summary>
    public required string Stream { get; init; }

    /// <summary>Joiner id.</summary>
    public required string PeerId { get; init; }

    /// <summary>Secret to send with the next join round, confirm, heartbeat and leave.</summary>
    public required string Session { get; init; }

    /// <summary>Resolved site.</summary>
    public required string Site { get; init; }

    /// <summary>True: probe these landmarks and join again with the RTTs to get ranked candidates.</summary>
    public required bool LandmarkRound { get; init; }

    /// <summary>The joiner's coordinate as the tracker estimates it, if any.</summary>
    public CoordinateDto? Coordinate { get; init; }

    /// <summary>Candidates, best first.</summary>
    public required IReadOnlyList<CandidateDto> Candidates { get; init; }
}
