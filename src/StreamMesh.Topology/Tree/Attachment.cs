namespace StreamMesh.Topology.Tree;

/// <summary>Result of a successful confirm.</summary>
/// <param name="Peer">The now attached peer.</param>
/// <param name="Parent">The parent whose slot was reserved.</param>
/// <param name="LostRace">True when the joiner's first choice had no slot left and the tree chose the next candidate.</param>
/// <param name="Backups">Ordered backup parents.</param>
public sealed record Attachment(TreePeer Peer, TreePeer Parent, bool LostRace, IReadOnlyList<TreePeer> Backups)
{
    /// <summary>
    /// A leaf viewer that gave up its slot at <see cref="Parent"/> to this distributing peer and now hangs below it
    /// (<see cref="MoveReason.Displaced"/>); it must switch with a fresh ticket. Empty when no slot was taken.
    /// </summary>
    public IReadOnlyList<PeerMove> Displaced { get; init; } = [];
}
