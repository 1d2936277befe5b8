using StreamMesh.Simulator.Engine;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Metrics;

/// <summary>How well the library's coordinates predict true RTTs (relative error |predicted − true| ÷ true).</summary>
public sealed record VivaldiAccuracy(int Pairs, double MedianRelativeError, double P90RelativeError, double EdgeMedianRelativeError)
{
    /// <summary>Samples random pairs of attached peers, plus every parent–child link.</summary>
    public static VivaldiAccuracy Measure(TreeSession session, int pairs)
    {
        ArgumentNullException.ThrowIfNull(session);
        var members = session.Tree.Members.Where(m => m.State == PeerState.Attached && m.HasCoordinate).ToArray();
        var errors = new List<double>(pairs);
        for (int i = 0; i < pairs && members.Length > 1; i++)
        {
            TreePeer a = members[session.Random.Next(members.Length)];
            TreePeer b = members[session.Random.Next(members.Length)];
            if (!ReferenceEquals(a, b))
            {
                errors.Add(RelativeError(session, a, b));
            }
        }

        var edges = new List<double>();
        foreach (TreePeer m in members)
        {
            if (m.Parent is { } parent)
            {
                edges.Add(RelativeError(session, m, parent));
            }
        }

        errors.Sort();
        edges.Sort();
        return new VivaldiAccuracy(errors.Count, Summary.Percentile(errors, 0.5), Summary.Percentile(errors, 0.9), Summary.Percentile(edges, 0.5));
    }

    private static double RelativeError(TreeSession session, TreePeer a, TreePeer b)
    {
        double truth = session.Underlay.Rtt(session.Of(a), session.Of(b));
        // Sub-millisecond LAN RTTs would turn tiny absolute errors into huge relative ones: floor the base at 1 ms.
        return Math.Abs(session.Tree.PredictRttMs(a, b) - truth) / Math.Max(truth, 1);
    }
}
