namespace StreamMesh.Topology.Tree;

/// <summary>
/// A joiner that probed its candidates picks a parent. <paramref name="PreferredParents"/> is its own
/// order (usually by measured RTT); the tree takes the first that still has a slot, else the next best it knows.
/// </summary>
/// <param name="PeerId">The joiner (must have called join).</param>
/// <param name="PreferredParents">Parent ids in the joiner's order of preference.</param>
/// <param name="Probes">RTTs measured while probing.</param>
public sealed record ConfirmRequest(string PeerId, IReadOnlyList<string> PreferredParents, IReadOnlyList<RttSample> Probes);
