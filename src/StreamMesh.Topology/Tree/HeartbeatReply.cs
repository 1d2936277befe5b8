namespace StreamMesh.Topology.Tree;

/// <summary>What the tree tells a peer after its heartbeat.</summary>
/// <param name="Peer">The peer.</param>
/// <param name="Parent">Its parent now (it may have been moved); null for origins and detached peers.</param>
/// <param name="Backups">Ordered backup parents, valid now.</param>
/// <param name="ProbeSuggestions">Peers whose RTT the tree would like measured and reported next time.</param>
public sealed record HeartbeatReply(TreePeer Peer, TreePeer? Parent, IReadOnlyList<TreePeer> Backups, IReadOnlyList<TreePeer> ProbeSuggestions);
