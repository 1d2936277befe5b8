namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>An RTT the sender measured to another peer.</summary>
public sealed record RttSampleDto
{
    /// <summary>The peer at the other end.</summary>
    public required string PeerId { get; init; }

    /// <summary>Round-trip time, ms.</summary>
    public required double RttMs { get; init; }
}
