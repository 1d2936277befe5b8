using System.Diagnostics;
using StreamMesh.Simulator.Metrics;
using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Engine;

/// <summary>
/// Builds the tree the product would build: relays come up first, a few heartbeat rounds refine their coordinates,
/// then viewers arrive as a Poisson flash crowd, each running the full join protocol against the library,
/// with the tracker's maintenance (expiry, improvement) and the peers' heartbeats running throughout.
/// </summary>
public static class RankedTreeBuilder
{
    /// <summary>Builds and settles the tree.</summary>
    public static BuildResult Build(SimulationOptions options, IUnderlay underlay)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(underlay);
        IReadOnlyList<SimPeer> peers = underlay.CreatePeers(options.Peers, options.Mix, new Random(options.Seed));
        var session = new TreeSession(underlay, options.Topology, options.Settings, new Random(options.Seed + 1));
        session.AddOrigin(peers[0]);
        var loop = new SimulationLoop(session);
        var arrivals = new Random(options.Seed + 2);
        var attach = new List<double>(peers.Count);
        Stopwatch wall = Stopwatch.StartNew();

        SimPeer[] relays = [.. peers.Skip(1).Where(p => p.Role == PeerRole.Relay)];
        for (int i = 0; i < relays.Length; i++)
        {
            loop.RunUntil(options.RelayWindowSeconds * 1000 * i / relays.Length);
            attach.Add(session.JoinRanked(relays[i]).AttachMs);
        }

        // Infrastructure is up before the event: three heartbeat rounds let relays measure each other.
        loop.RunUntil(loop.Now + (3 * options.Settings.HeartbeatMs));
        double t = loop.Now;
        foreach (SimPeer peer in peers.Skip(1).Where(p => p.Role != PeerRole.Relay))
        {
            t += -Math.Log(1 - arrivals.NextDouble()) * 1000 / options.JoinRatePerSecond;
            loop.RunUntil(t);
            attach.Add(session.JoinRanked(peer).AttachMs);
        }

        wall.Stop();
        loop.RunUntil(loop.Now + (options.SettleSeconds * 1000));
        return new BuildResult(session, peers, wall.Elapsed, Summary.Of(attach));
    }
}
