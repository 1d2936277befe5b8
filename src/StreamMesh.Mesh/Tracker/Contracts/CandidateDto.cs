using System.Text.Json.Serialization;

namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>A parent candidate or backup parent.</summary>
public sealed record CandidateDto
{
    /// <summary>Candidate id.</summary>
    public required string PeerId { get; init; }

    /// <summary>Its WHEP base URL.</summary>
    public string? Url { get; init; }

    /// <summary>Its site.</summary>
    public required string Site { get; init; }

    /// <summary>Its depth (origins are 0).</summary>
    public required int Depth { get; init; }

    /// <summary>Its one-way latency from the origin, ms.</summary>
    public required double PathLatencyMs { get; init; }

    /// <summary>RTT used for ranking, ms; null in a landmark round.</summary>
    public double? RttMs { get; init; }

    /// <summary>"measured" or "predicted"; null in a landmark round.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RttSource { get; init; }

    /// <summary>Free child slots when ranked.</summary>
    public required int FreeSlots { get; init; }
}
