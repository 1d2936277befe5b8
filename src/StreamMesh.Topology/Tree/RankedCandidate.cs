namespace StreamMesh.Topology.Tree;

/// <summary>A parent candidate with the numbers its rank was computed from.</summary>
/// <param name="Peer">The distributing peer.</param>
/// <param name="RttMs">RTT between joiner and candidate, measured or predicted.</param>
/// <param name="Source">Whether <paramref name="RttMs"/> was measured.</param>
/// <param name="SameSite">Candidate is on the joiner's site.</param>
/// <param name="WithinBudget">Joiner's path cost through the candidate stays inside the path budget.</param>
/// <param name="CostMs">
/// The joiner's path cost if it attached here: one-way path latency from the origin plus
/// <see cref="TopologyOptions.HopCostMs"/> per relay hop.
/// </param>
internal readonly record struct RankedCandidate(TreePeer Peer, double RttMs, RttSource Source, bool SameSite, bool WithinBudget, double CostMs)
{
    /// <summary>Path cost of a peer at <paramref name="depth"/> with one-way latency <paramref name="pathLatencyMs"/>.</summary>
    public static double PathCost(double pathLatencyMs, int depth, double hopCostMs) => pathLatencyMs + (depth * hopCostMs);

    /// <summary>Cost of attaching below <paramref name="parent"/> at the given RTT.</summary>
    public static double CostThrough(TreePeer parent, double rttMs, double hopCostMs) =>
        PathCost(parent.PathLatencyMs + (rttMs / 2), parent.Depth + 1, hopCostMs);

    /// <summary>
    /// Ranking order: same site first, then within budget; within budget the nearest first, over budget the lowest
    /// path cost first; then shallowest, then id.
    /// </summary>
    public static int Compare(RankedCandidate a, RankedCandidate b)
    {
        int c = b.SameSite.CompareTo(a.SameSite);
        if (c != 0)
        {
            return c;
        }

        c = b.WithinBudget.CompareTo(a.WithinBudget);
        if (c != 0)
        {
            return c;
        }

        c = a.WithinBudget ? a.RttMs.CompareTo(b.RttMs) : a.CostMs.CompareTo(b.CostMs);
        if (c != 0)
        {
            return c;
        }

        c = a.Peer.Depth.CompareTo(b.Peer.Depth);
        return c != 0 ? c : string.CompareOrdinal(a.Peer.Id, b.Peer.Id);
    }
}
