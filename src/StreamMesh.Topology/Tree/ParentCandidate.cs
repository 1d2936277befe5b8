namespace StreamMesh.Topology.Tree;

/// <summary>A distributing peer offered to a joiner, best first.</summary>
/// <param name="PeerId">Candidate id.</param>
/// <param name="Url">Its WHEP base URL (null when it registered none).</param>
/// <param name="Site">Its site.</param>
/// <param name="Depth">Its depth.</param>
/// <param name="PathLatencyMs">Its one-way latency from the origin, ms.</param>
/// <param name="RttMs">RTT between joiner and candidate used for ranking, ms; null for landmarks of a first join.</param>
/// <param name="RttSource">Measured by the joiner or predicted from coordinates.</param>
/// <param name="FreeSlots">Free child slots at ranking time.</param>
public sealed record ParentCandidate(string PeerId, string? Url, string Site, int Depth, double PathLatencyMs, double? RttMs, RttSource RttSource, int FreeSlots);
