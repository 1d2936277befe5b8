namespace StreamMesh.Topology.Tree;

/// <summary>A change of parent made by the tree (the peer must switch, using a fresh ticket).</summary>
/// <param name="Peer">The peer that moved (with its subtree).</param>
/// <param name="From">Previous parent, or null when it was detached.</param>
/// <param name="To">New parent, or null when no slot was found and the peer is now detached.</param>
/// <param name="Reason">Why.</param>
public sealed record PeerMove(TreePeer Peer, TreePeer? From, TreePeer? To, MoveReason Reason)
{
    /// <summary>
    /// Peers of the moved subtree that had to be re-homed separately because the whole subtree did not fit under any
    /// parent within the depth limit, and leaf viewers displaced to make room for the moved peer
    /// (<see cref="MoveReason.Displaced"/>). Each must switch too.
    /// </summary>
    public IReadOnlyList<PeerMove> Cascade { get; init; } = [];
}
