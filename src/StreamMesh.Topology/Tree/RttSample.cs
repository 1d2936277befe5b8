namespace StreamMesh.Topology.Tree;

/// <summary>A round-trip time a peer measured to another peer of the same stream.</summary>
/// <param name="PeerId">The peer at the other end.</param>
/// <param name="RttMs">Round-trip time in milliseconds.</param>
public readonly record struct RttSample(string PeerId, double RttMs);
