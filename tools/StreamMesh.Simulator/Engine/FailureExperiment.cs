using StreamMesh.Simulator.Metrics;
using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Engine;

/// <summary>Fails a fraction of the distributing peers at the same instant and follows the healing.</summary>
public static class FailureExperiment
{
    /// <summary>Runs the experiment on a built tree (which it consumes).</summary>
    public static FailureReport Run(TreeSession session, double fraction, double horizonSeconds, Random random)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(random);
        var loop = new SimulationLoop(session);
        var recovery = new RecoveryTracker(session, loop);

        // Everyone alive has just heartbeaten; the failed peers simply never will again.
        session.HeartbeatAll();
        double t0 = loop.Now;
        SimPeer[] distributing = [.. session.Tree.Members.Where(m => m.Role != PeerRole.Origin && m.CanRelay).Select(session.Of).Where(p => p.Alive)];
        random.Shuffle(distributing);
        SimPeer[] failed = distributing[..(int)Math.Round(distributing.Length * fraction)];
        foreach (SimPeer peer in failed)
        {
            peer.Alive = false;
        }

        foreach (SimPeer peer in failed)
        {
            foreach (TreePeer child in peer.Node!.Children.ToArray())
            {
                SimPeer host = session.Of(child);
                if (host.Alive)
                {
                    recovery.ParentLost(host, peer, t0, session.Settings.DetectMs + (random.NextDouble() * 100));
                }
            }
        }

        loop.RunUntil(t0 + (horizonSeconds * 1000));

        var reattach = new List<double>();
        foreach (OrphanRecord r in recovery.Records)
        {
            if (!r.Gone)
            {
                reattach.Add(r.StallMs);
            }
        }

        (int stalled, int affected, int live) = Stalls(session, recovery, t0);
        Summary summary = Summary.Of(reattach);
        return new FailureReport
        {
            Fraction = fraction,
            FailedPeers = failed.Length,
            Orphans = reattach.Count,
            AffectedPeers = affected,
            OrphanReattachMs = summary,
            Reattach99PercentMs = summary.P99,
            NotReattached = reattach.Count(double.IsInfinity),
            StalledOver2s = stalled,
            StalledOver2sShare = live == 0 ? 0 : (double)stalled / live,
            ReportsPerOrphan = recovery.Records.Count == 0 ? 0 : recovery.Records.Average(r => r.Reports),
            TreeAfter = TreeMetricsCalculator.Compute("ranked-after-failure", session),
        };
    }

    /// <summary>
    /// Media of a live peer resumes once every orphan on its path to the origin has reattached: its stall is the
    /// longest orphan stall along that path.
    /// </summary>
    private static (int Stalled, int Affected, int Live) Stalls(TreeSession session, RecoveryTracker recovery, double t0)
    {
        var byPeer = new Dictionary<SimPeer, OrphanRecord>();
        foreach (OrphanRecord r in recovery.Records)
        {
            byPeer[r.Peer] = r;
        }

        int stalled = 0;
        int affected = 0;
        int live = 0;
        foreach (TreePeer node in session.Tree.Members)
        {
            SimPeer host = session.Of(node);
            if (!host.Alive || node.Role == PeerRole.Origin)
            {
                continue;
            }

            live++;
            double stall = 0;
            for (TreePeer? p = node; p is not null; p = p.Parent)
            {
                if (byPeer.TryGetValue(session.Of(p), out OrphanRecord? r))
                {
                    stall = Math.Max(stall, r.ReattachedAtMs is { } at ? at - t0 : double.PositiveInfinity);
                }
            }

            if (node.State != PeerState.Attached)
            {
                stall = double.PositiveInfinity;
            }

            affected += stall > 0 ? 1 : 0;
            stalled += stall > 2_000 ? 1 : 0;
        }

        return (stalled, affected, live);
    }
}
