using StreamMesh.Simulator.Metrics;
using StreamMesh.Simulator.Underlays;

namespace StreamMesh.Simulator.Engine;

/// <summary>A built tree and how building it went.</summary>
/// <param name="Session">The session holding the tree.</param>
/// <param name="Peers">The flash-crowd population (index 0 = origin).</param>
/// <param name="JoinPhaseWall">Wall-clock time of the whole join phase (library, simulator and maintenance).</param>
/// <param name="AttachMs">Simulated time from first request to media, per join.</param>
public sealed record BuildResult(TreeSession Session, IReadOnlyList<SimPeer> Peers, TimeSpan JoinPhaseWall, Summary AttachMs);
