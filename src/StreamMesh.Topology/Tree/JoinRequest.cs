namespace StreamMesh.Topology.Tree;

/// <summary>A joiner asks for parent candidates; it may report RTTs it already probed (landmarks, earlier candidates).</summary>
/// <param name="Peer">Who is joining.</param>
/// <param name="Probes">RTTs the joiner measured to peers of this stream; may be empty.</param>
public sealed record JoinRequest(PeerDeclaration Peer, IReadOnlyList<RttSample> Probes);
