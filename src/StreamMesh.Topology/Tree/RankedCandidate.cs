namespace StreamMesh.Topology.Tree;

/// <summary>A parent candidate with the numbers its rank was computed from.</summary>
/// <param name="Peer">The distributing peer.</param>
/// <param name="RttMs">RTT between joiner and candidate, measured or predicted.</param>
/// <param name="Source">Whether <paramref name="RttMs"/> was measured.</param>
/// <param name="SameSite">Candidate is on the joiner's site.</param>
/// <param name="WithinBudget">Joiner's path latency through the candidate stays inside the path budget.</param>
internal readonly record struct RankedCandidate(TreePeer Peer, double RttMs, RttSource Source, bool SameSite, bool WithinBudget)
{
    /// <summary>The joiner's one-way path latency from the origin if it attached here.</summary>
    public double ResultingPathMs => Peer.PathLatencyMs + (RttMs / 2);

    /// <summary>
    /// Ranking order: same site first, then within budget; within budget the nearest first, over budget the lowest
    /// resulting path latency first; then shallowest, then id.
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

        c = a.WithinBudget ? a.RttMs.CompareTo(b.RttMs) : a.ResultingPathMs.CompareTo(b.ResultingPathMs);
        if (c != 0)
        {
            return c;
        }

        c = a.Peer.Depth.CompareTo(b.Peer.Depth);
        return c != 0 ? c : string.CompareOrdinal(a.Peer.Id, b.Peer.Id);
    }
}
