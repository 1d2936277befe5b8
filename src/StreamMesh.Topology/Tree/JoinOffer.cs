namespace StreamMesh.Topology.Tree;

/// <summary>Answer to a join.</summary>
/// <param name="Peer">The (pending) joiner as the tree sees it, with its resolved site and coordinate.</param>
/// <param name="IsLandmarkRound">
/// True when the joiner has no coordinate yet: <paramref name="Candidates"/> are landmarks to probe and report in a
/// second join, which then returns ranked candidates. Confirming one of them directly is also allowed.
/// </param>
/// <param name="Candidates">Candidates to probe, best first.</param>
public sealed record JoinOffer(TreePeer Peer, bool IsLandmarkRound, IReadOnlyList<ParentCandidate> Candidates);
