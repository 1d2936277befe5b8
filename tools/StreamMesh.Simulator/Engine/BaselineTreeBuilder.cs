using System.Diagnostics;
using StreamMesh.Simulator.Metrics;
using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Engine;

/// <summary>
/// The two reference trees, built from the same population in the same order through the same library (which still
/// enforces slots and site rules): a random eligible parent per joiner, and an oracle that greedily takes the eligible
/// parent with the lowest true RTT. No depth or latency budget, no improvement.
/// </summary>
public static class BaselineTreeBuilder
{
    /// <summary>Builds one baseline tree.</summary>
    public static BuildResult Build(SimulationOptions options, IUnderlay underlay, BaselinePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(underlay);
        IReadOnlyList<SimPeer> peers = underlay.CreatePeers(options.Peers, options.Mix, new Random(options.Seed));
        TopologyOptions loose = options.Topology with { MaxDepth = 64, MaxStretch = 1000, MaxPathLatencyMs = 1e6 };
        var session = new TreeSession(underlay, loose, options.Settings with { NearestAuditEvery = 0 }, new Random(options.Seed + 3)) { ImproveOnTick = false };
        session.AddOrigin(peers[0]);
        var open = new List<SimPeer> { peers[0] };
        var random = new Random(options.Seed + 4);
        Stopwatch wall = Stopwatch.StartNew();
        foreach (SimPeer peer in peers.Skip(1))
        {
            SimPeer? parent = policy == BaselinePolicy.Random ? RandomEligible(session, open, peer, random) : session.TrueNearestEligible(peer)?.Peer;
            if (parent is not null && session.JoinWithParent(peer, parent) && peer.Distributes && peer.Node!.CanRelay)
            {
                open.Add(peer);
            }
        }

        wall.Stop();
        return new BuildResult(session, peers, wall.Elapsed, Summary.Empty);
    }

    private static SimPeer? RandomEligible(TreeSession session, List<SimPeer> open, SimPeer child, Random random)
    {
        // Rejection sampling over peers that had room; full ones are dropped from the pool as they are met.
        for (int attempt = 0; attempt < 64 && open.Count > 0; attempt++)
        {
            int i = random.Next(open.Count);
            SimPeer candidate = open[i];
            if (candidate.Node is not { } node || node.FreeSlots <= 0)
            {
                open[i] = open[^1];
                open.RemoveAt(open.Count - 1);
                continue;
            }

            if (session.CouldFeed(candidate, child))
            {
                return candidate;
            }
        }

        SimPeer[] eligible = [.. open.Where(c => session.CouldFeed(c, child))];
        return eligible.Length == 0 ? null : eligible[random.Next(eligible.Length)];
    }
}
