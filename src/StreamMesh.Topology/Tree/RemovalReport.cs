namespace StreamMesh.Topology.Tree;

/// <summary>What happened when a peer left or failed.</summary>
/// <param name="Removed">The peer that is gone.</param>
/// <param name="Moves">
/// One entry per orphaned child — where it went (To is null if it is now detached) — followed by any parts of its
/// subtree that had to be re-homed separately to respect the depth limit.
/// </param>
public sealed record RemovalReport(TreePeer Removed, IReadOnlyList<PeerMove> Moves);
