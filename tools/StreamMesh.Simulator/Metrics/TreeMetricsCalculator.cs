using StreamMesh.Simulator.Engine;
using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Metrics;

/// <summary>Measures a tree on the underlay's true RTTs, walking it from the origins.</summary>
public static class TreeMetricsCalculator
{
    /// <summary>Computes every tree metric.</summary>
    public static TreeMetrics Compute(string name, TreeSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        IUnderlay underlay = session.Underlay;
        var rdp = new List<double>();
        var path = new List<double>();
        var fanOut = new List<double>();
        var depth = new List<int>();
        int links = 0;
        int sameSite = 0;
        int forbidden = 0;
        int originChildren = 0;
        int distributing = 0;
        var queue = new Queue<(TreePeer Node, double PathMs, SimPeer Root)>();
        foreach (TreePeer origin in session.Tree.Origins)
        {
            queue.Enqueue((origin, 0, session.Of(origin)));
        }

        while (queue.Count > 0)
        {
            (TreePeer node, double pathMs, SimPeer root) = queue.Dequeue();
            SimPeer host = session.Of(node);
            if (node.CanRelay)
            {
                distributing++;
                if (node.Children.Count > 0)
                {
                    fanOut.Add(node.Children.Count);
                }
            }

            if (node.Role == PeerRole.Origin)
            {
                originChildren += node.Children.Count;
            }
            else
            {
                while (depth.Count <= node.Depth)
                {
                    depth.Add(0);
                }

                depth[node.Depth]++;
                path.Add(pathMs);
                double direct = underlay.Rtt(root, host) / 2;
                rdp.Add(direct > 0 ? pathMs / direct : 1);
            }

            foreach (TreePeer child in node.Children)
            {
                SimPeer childHost = session.Of(child);
                links++;
                sameSite += underlay.SiteOf(host) == underlay.SiteOf(childHost) ? 1 : 0;
                forbidden += underlay.IsLinkAllowed(host, childHost) ? 0 : 1;
                queue.Enqueue((child, pathMs + (underlay.Rtt(host, childHost) / 2), root));
            }
        }

        int detached = session.Tree.Members.Count(m => m.State == PeerState.Detached);
        double egress = links == 0 ? 0 : (double)originChildren / links;
        return new TreeMetrics
        {
            Tree = name,
            Peers = rdp.Count,
            Detached = detached,
            Refused = session.Refused,
            Rdp = Summary.Of(rdp),
            PathLatencyMs = Summary.Of(path),
            DepthHistogram = depth,
            MaxDepth = depth.Count - 1,
            FanOut = Summary.Of(fanOut),
            DistributingPeers = distributing,
            OriginEgressShare = egress,
            Offload = 1 - egress,
            SameSiteRate = links == 0 ? 1 : (double)sameSite / links,
            ForbiddenLinks = forbidden,
        };
    }
}
