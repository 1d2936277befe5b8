using StreamMesh.Simulator.Metrics;
using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Engine;

/// <summary>
/// Steady-state churn: viewers leave after log-normal sessions (heavy-tailed, as measured for live streaming
/// workloads) and new ones arrive as a Poisson process at the rate that keeps the audience size stable. Relays and
/// the origin stay. Departures are announced (leave: children are moved at once and told by their parent's goodbye)
/// or abrupt (children notice the media gap, the tracker expires the peer later).
/// </summary>
public static class ChurnExperiment
{
    /// <summary>Runs churn on a built tree.</summary>
    public static ChurnReport Run(TreeSession session, IUnderlay underlay, SimulationOptions options, int firstIndex, Random random)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(underlay);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var loop = new SimulationLoop(session);
        var recovery = new RecoveryTracker(session, loop);
        double start = loop.Now;
        double end = start + (options.ChurnSeconds * 1000);
        double meanSessionMs = options.SessionMedianSeconds * 1000 * Math.Exp(options.SessionSigma * options.SessionSigma / 2);
        int graceful = 0;
        int abrupt = 0;
        int joins = 0;
        int refusedBefore = session.Refused;
        var joinToMedia = new List<double>();

        double SessionMs() => options.SessionMedianSeconds * 1000 * Math.Exp(options.SessionSigma * RipeUnderlay.Gaussian(random));

        void Depart(SimPeer peer)
        {
            if (!peer.Alive || peer.Node is not { State: not PeerState.Removed } node)
            {
                return;
            }

            TreePeer[] children = [.. node.Children];
            bool announced = random.NextDouble() < options.GracefulLeaveFraction;
            if (announced)
            {
                TopologyResult<RemovalReport> left = session.Tree.Leave(peer.Id);
                foreach (PeerMove move in left.Value?.Moves ?? [])
                {
                    // The report lists the orphans and, flattened, any parts of their subtrees re-homed separately.
                    if (!children.Contains(move.Peer))
                    {
                        recovery.Rehomed(session.Of(move.Peer), loop.Now);
                    }
                }

                graceful++;
            }
            else
            {
                abrupt++;
            }

            peer.Alive = false;
            foreach (TreePeer child in children)
            {
                SimPeer host = session.Of(child);
                double notice = announced ? session.Underlay.Rtt(peer, host) / 2 : session.Settings.DetectMs + (random.NextDouble() * 100);
                recovery.ParentLost(host, peer, loop.Now, notice);
            }
        }

        int viewers = 0;
        foreach (TreePeer node in session.Tree.Members.ToArray())
        {
            SimPeer host = session.Of(node);
            if (node.Role is PeerRole.Viewer or PeerRole.RelayCapableViewer && host.Alive)
            {
                viewers++;
                double leaveAt = start + (SessionMs() * random.NextDouble());
                if (leaveAt < end)
                {
                    loop.At(leaveAt, () => Depart(host));
                }
            }
        }

        double rate = viewers / meanSessionMs;
        int index = firstIndex;
        for (double t = start - (Math.Log(1 - random.NextDouble()) / rate); t < end; t -= Math.Log(1 - random.NextDouble()) / rate)
        {
            loop.RunUntil(t);
            SimPeer arrival = underlay.CreateArrival(index++, options.Mix, random);
            JoinOutcome outcome = session.JoinRanked(arrival);
            if (outcome.Parent is null)
            {
                continue;
            }

            joins++;
            joinToMedia.Add(outcome.AttachMs);
            double leaveAt = t + SessionMs();
            if (leaveAt < end)
            {
                loop.At(leaveAt, () => Depart(arrival));
            }
        }

        loop.RunUntil(end);

        // Let recoveries that started before the end finish.
        loop.RunUntil(end + (options.RecoveryHorizonSeconds * 1000));
        var stalls = new List<double>();
        int affected = 0;
        int stalledPeers = 0;
        foreach (OrphanRecord r in recovery.Records)
        {
            if (r.Gone)
            {
                continue;
            }

            stalls.Add(r.StallMs);
            affected += r.SubtreeSize;
            stalledPeers += r.StallMs > 2_000 ? r.SubtreeSize : 0;
        }

        return new ChurnReport
        {
            Seconds = options.ChurnSeconds,
            SessionMedianSeconds = options.SessionMedianSeconds,
            SessionSigma = options.SessionSigma,
            Joins = joins,
            Refused = session.Refused - refusedBefore,
            GracefulLeaves = graceful,
            AbruptLeaves = abrupt,
            Orphans = stalls.Count,
            AffectedPeers = affected,
            OrphanStallMs = Summary.Of(stalls),
            StalledOver2s = stalledPeers,
            JoinToMediaMs = Summary.Of(joinToMedia),
            TreeAfter = TreeMetricsCalculator.Compute("ranked-after-churn", session),
        };
    }
}
