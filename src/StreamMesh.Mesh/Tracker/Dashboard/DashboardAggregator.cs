using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>Turns a stream's tree (with heartbeat stats) and its churn into the dashboard's aggregates. Pure functions.</summary>
public static class DashboardAggregator
{
    /// <summary>Summarises one stream.</summary>
    public static DashboardStreamDto Summarize(TreeDto tree, int joinsPerMinute, int leavesPerMinute)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var roles = new Dictionary<string, TrackerPeerRole>(tree.Nodes.Count, StringComparer.Ordinal);
        foreach (TreeNodeDto node in tree.Nodes)
        {
            roles[node.Id] = node.Role;
        }

        int origins = 0, relays = 0, viewers = 0, offloaded = 0, detached = 0, reporting = 0;
        var bySite = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var latencies = new List<double>();
        var rebuffering = new List<double>();
        var losses = new List<double>();
        foreach (TreeNodeDto node in tree.Nodes)
        {
            if (node.State == "detached")
            {
                detached++;
            }

            switch (node.Role)
            {
                case TrackerPeerRole.Origin:
                    origins++;
                    continue;
                case TrackerPeerRole.Relay:
                    relays++;
                    continue;
            }

            viewers++;
            bySite[node.Site] = bySite.GetValueOrDefault(node.Site) + 1;
            if (node.Parent is null || !roles.TryGetValue(node.Parent, out TrackerPeerRole parentRole) || parentRole != TrackerPeerRole.Origin)
            {
                // A detached viewer is not fed by an origin either: it counts as offloaded only when a peer feeds it.
                offloaded += node.Parent is null ? 0 : 1;
            }

            if (node.Stats is not { } stats)
            {
                continue;
            }

            reporting++;
            losses.Add(stats.LossFraction);
            if (stats.GlassToGlassMs is { } g2g)
            {
                latencies.Add(g2g);
            }

            if (stats.RebufferingRatio is { } ratio)
            {
                rebuffering.Add(ratio);
            }
        }

        latencies.Sort();
        return new DashboardStreamDto
        {
            Stream = tree.Stream,
            Nodes = tree.Nodes,
            Origins = origins,
            Relays = relays,
            Viewers = viewers,
            Detached = detached,
            ViewersBySite = bySite,
            OriginOffloadPercent = viewers == 0 ? null : Round(100.0 * offloaded / viewers),
            JoinsPerMinute = joinsPerMinute,
            LeavesPerMinute = leavesPerMinute,
            Qoe = new QoeSummaryDto
            {
                ViewersReporting = reporting,
                RebufferingRatio = rebuffering.Count == 0 ? null : Round(rebuffering.Average(), 4),
                GlassToGlassP50Ms = latencies.Count == 0 ? null : Round(Percentile(latencies, 50)),
                GlassToGlassP95Ms = latencies.Count == 0 ? null : Round(Percentile(latencies, 95)),
                LossPercent = losses.Count == 0 ? null : Round(losses.Average() * 100, 3),
            },
        };
    }

    /// <summary>Nearest-rank percentile of an ascending list: the smallest value with at least p% of the values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        if (percent is < 0 or > 100 || double.IsNaN(percent))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "must be in [0, 100]");
        }

        int rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static double Round(double value, int digits = 1) => Math.Round(value, digits);
}
