namespace StreamMesh.Topology.Tree;

/// <summary>What an attached peer reports periodically.</summary>
/// <param name="ParentRttMs">RTT to the current parent measured since the last heartbeat (RTCP/ICE), or null.</param>
/// <param name="Samples">Other RTTs measured (backups, suggested probes).</param>
/// <param name="Stats">Media statistics, or null.</param>
public sealed record HeartbeatReport(double? ParentRttMs, IReadOnlyList<RttSample> Samples, PeerStats? Stats)
{
    /// <summary>A heartbeat that only says "alive".</summary>
    public static HeartbeatReport Alive { get; } = new(null, [], null);
}
