namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Error body, application/problem+json (RFC 9457 §3).</summary>
public sealed record ProblemDto
{
    /// <summary>Short, stable summary of the problem class.</summary>
    public required string Title { get; init; }

    /// <summary>HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>What exactly was wrong with this request.</summary>
    public required string Detail { get; init; }
}
