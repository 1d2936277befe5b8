using StreamMesh.Topology.Sites;

namespace StreamMesh.Topology.Tree;

/// <summary>
/// Orders candidate parents for one peer: measured RTT where the peer probed, otherwise RTT predicted
/// from Vivaldi coordinates; restricted by free capacity, depth and site policy; never a descendant
/// of the peer; same site first, then within the path-latency budget, then nearest.
/// Not thread-safe: owned by one <see cref="StreamTree"/>.
/// </summary>
internal sealed class ParentRanker
{
    private readonly StreamTree _tree;
    private readonly RankQuery _query = new();
    private readonly List<RankedCandidate> _scratch = [];

    public ParentRanker(StreamTree tree)
    {
        _tree = tree;
    }

    /// <summary>Fills <paramref name="results"/> with up to <paramref name="count"/> candidates, best first.</summary>
    /// <param name="peer">The joiner or the peer being moved (with its subtree).</param>
    /// <param name="subtreeHeight">Levels below <paramref name="peer"/> that move with it.</param>
    /// <param name="exclude">A peer never to return (the current parent when improving), or null.</param>
    /// <param name="count">How many candidates to return.</param>
    /// <param name="results">Cleared, then filled.</param>
    public void Rank(TreePeer peer, int subtreeHeight, TreePeer? exclude, int count, List<RankedCandidate> results)
    {
        results.Clear();
        if (count <= 0)
        {
            return;
        }

        RankQuery q = _query;
        q.Reset(peer, subtreeHeight, exclude, count, _tree.PathBudgetMs(peer));

        // Peers the joiner probed rank by what it measured.
        MeasuredRttCache measured = peer.MeasuredRtts;
        for (int i = 0; i < measured.Count; i++)
        {
            TreePeer candidate = measured.PeerAt(i);
            if (IsEligible(candidate, q, checkSite: true))
            {
                q.Offer(new RankedCandidate(candidate, measured.RttAt(i), RttSource.Measured, candidate.Site == peer.Site, WithinBudget(candidate, measured.RttAt(i), q)));
            }
        }

        if (peer.HasCoordinate)
        {
            foreach (CandidateGrid grid in _tree.FeederGrids(peer.Site))
            {
                bool sameSite = grid.Site == peer.Site;
                if (!sameSite && q.SameSiteCount >= count)
                {
                    // Same-site candidates always outrank cross-site ones; enough of them means we are done.
                    break;
                }

                q.BeginGrid(sameSite);
                var visitor = new Visitor(this, q);
                grid.Search(peer.Coordinate.Coordinate, ref visitor);
            }
        }

        q.CopyBest(results, _scratch);
    }

    /// <summary>True when <paramref name="candidate"/> could take <paramref name="peer"/> (with a subtree of the given height) now.</summary>
    public bool CanAdopt(TreePeer candidate, TreePeer peer, int subtreeHeight)
    {
        RankQuery q = _query;
        q.Reset(peer, subtreeHeight, exclude: null, count: 1, budgetMs: double.PositiveInfinity);
        return IsEligible(candidate, q, checkSite: true);
    }

    private bool IsEligible(TreePeer candidate, RankQuery q, bool checkSite)
    {
        TreePeer peer = q.Peer;
        if (ReferenceEquals(candidate, peer) || ReferenceEquals(candidate, q.Exclude)
            || candidate.State != PeerState.Attached || candidate.IsSuspected || candidate.FreeSlots <= 0
            || candidate.Depth + 1 + q.SubtreeHeight > _tree.Options.MaxDepth)
        {
            return false;
        }

        if (checkSite && !_tree.SitePolicy.MayFeed(candidate.Site, peer.Site))
        {
            return false;
        }

        return peer.ChildList.Count == 0 || !StreamTree.IsInSubtreeOf(candidate, peer);
    }

    private static bool WithinBudget(TreePeer candidate, double rttMs, RankQuery q) => candidate.PathLatencyMs + (rttMs / 2) <= q.BudgetMs;

    /// <summary>Grid visitor: screens each peer and hands eligible ones to the query.</summary>
    private readonly struct Visitor : IGridVisitor
    {
        private readonly ParentRanker _ranker;
        private readonly RankQuery _q;

        public Visitor(ParentRanker ranker, RankQuery q)
        {
            _ranker = ranker;
            _q = q;
        }

        public bool ShouldStop(double lowerBoundRttMs) => _q.ShouldStop(lowerBoundRttMs);

        public void Visit(TreePeer peer)
        {
            if (_q.AlreadyMeasured(peer) || !_ranker.IsEligible(peer, _q, checkSite: !_q.GridSiteChecked))
            {
                return;
            }

            double rtt = _q.Peer.Coordinate.Coordinate.DistanceTo(peer.Coordinate.Coordinate);
            _q.Offer(new RankedCandidate(peer, rtt, RttSource.Predicted, _q.GridIsSameSite, WithinBudget(peer, rtt, _q)));
        }
    }

    /// <summary>Mutable state of one ranking pass; reused to keep joins allocation-light.</summary>
    private sealed class RankQuery
    {
        private readonly List<RankedCandidate> _within = [];
        private readonly List<RankedCandidate> _over = [];

        public TreePeer Peer { get; private set; } = null!;

        public TreePeer? Exclude { get; private set; }

        public int SubtreeHeight { get; private set; }

        public int Count { get; private set; }

        public double BudgetMs { get; private set; }

        public int SameSiteCount { get; private set; }

        public bool GridIsSameSite { get; private set; }

        public bool GridSiteChecked { get; private set; }

        public void Reset(TreePeer peer, int subtreeHeight, TreePeer? exclude, int count, double budgetMs)
        {
            Peer = peer;
            SubtreeHeight = subtreeHeight;
            Exclude = exclude;
            Count = count;
            BudgetMs = budgetMs;
            SameSiteCount = 0;
            _within.Clear();
            _over.Clear();
        }

        public void BeginGrid(bool sameSite)
        {
            GridIsSameSite = sameSite;

            // FeederGrids only yields grids whose site may feed the peer, so per-peer site checks are redundant.
            GridSiteChecked = true;
        }

        public bool AlreadyMeasured(TreePeer candidate) => Peer.MeasuredRtts.Count > 0 && Peer.MeasuredRtts.TryGet(candidate, out _);

        public void Offer(RankedCandidate candidate)
        {
            if (candidate.SameSite)
            {
                SameSiteCount++;
            }

            if (candidate.WithinBudget)
            {
                InsertBounded(_within, candidate, Count);
            }
            else
            {
                InsertBounded(_over, candidate, Count);
            }
        }

        public bool ShouldStop(double lowerBoundRttMs)
        {
            // Nothing farther can beat the worst of a full within-budget list…
            if (_within.Count >= Count)
            {
                RankedCandidate worst = _within[^1];
                if (worst.SameSite != GridIsSameSite ? worst.SameSite : lowerBoundRttMs >= worst.RttMs)
                {
                    return true;
                }
            }

            // …and once even a zero-latency parent at that distance would be over budget, only fallbacks remain.
            return lowerBoundRttMs / 2 > BudgetMs && _within.Count + _over.Count >= Count;
        }

        public void CopyBest(List<RankedCandidate> results, List<RankedCandidate> scratch)
        {
            scratch.Clear();
            scratch.AddRange(_within);
            scratch.AddRange(_over);
            scratch.Sort(RankedCandidate.Compare);
            for (int i = 0; i < scratch.Count && results.Count < Count; i++)
            {
                results.Add(scratch[i]);
            }
        }

        private static void InsertBounded(List<RankedCandidate> list, RankedCandidate candidate, int bound)
        {
            // Lists hold a handful of entries: insertion keeps them sorted by the full ranking order.
            int i = list.Count;
            while (i > 0 && RankedCandidate.Compare(candidate, list[i - 1]) < 0)
            {
                i--;
            }

            if (i >= bound)
            {
                return;
            }

            list.Insert(i, candidate);
            if (list.Count > bound)
            {
                list.RemoveAt(list.Count - 1);
            }
        }
    }
}
