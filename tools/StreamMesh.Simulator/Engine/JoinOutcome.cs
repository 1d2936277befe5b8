using StreamMesh.Simulator.Underlays;

namespace StreamMesh.Simulator.Engine;

/// <summary>How one join went.</summary>
/// <param name="Parent">The parent the peer attached to, or null if it was refused.</param>
/// <param name="LostRace">The first choice was taken and the tracker picked the next candidate.</param>
/// <param name="AttachMs">Simulated time from first request to media flowing, ms.</param>
public sealed record JoinOutcome(SimPeer? Parent, bool LostRace, double AttachMs);
