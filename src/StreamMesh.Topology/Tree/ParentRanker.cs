namespace StreamMesh.Topology.Tree;

/// <summary>
/// Orders candidate parents for one peer. The pool is the peer's measured candidates, the nearest free peers of every
/// site allowed to feed it and the nearest free shallow peers (so a good short path is always in view). RTT is the
/// measured one where the peer probed, else the Vivaldi prediction. Each candidate is checked for free capacity, depth
/// (with the moving subtree), site policy and never lying in the peer's own subtree. Order: same site first; then
/// within the path budget — the stretch budget and at most <see cref="TopologyOptions.PathTolerance"/> worse than the
/// best path cost any candidate offers — ordered by proximity; then the rest by the path cost they would give.
/// Path cost = one-way latency from the origin + <see cref="TopologyOptions.HopCostMs"/> per relay hop.
/// Not thread-safe: owned by one <see cref="StreamTree"/>.
/// </summary>
internal sealed class ParentRanker
{
    private const int ExtraNearest = 2;

    // Bounds the fallback scan so a stream that is really full does not cost a full member walk per refused join.
    private const int FallbackScanLimit = 4_096;

    private readonly StreamTree _tree;
    private readonly List<RankedCandidate> _pool = [];
    private readonly List<RankedCandidate> _nearest = [];
    private int _stamp;

    // Free origin slots a viewer may not take during the current ranking pass; 0 outside Rank, so CanAdopt ignores it.
    private int _reservedOriginSlots;

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
        _pool.Clear();
        if (count <= 0)
        {
            return;
        }

        // Origin offload: a viewer first looks only at slots outside the origins' reserve, and takes a reserved one only
        // when nothing else has room (TopologyOptions.OriginSlotsReservedForRelays).
        _reservedOriginSlots = peer.CanRelay ? 0 : _tree.Options.OriginSlotsReservedForRelays;
        Fill(peer, subtreeHeight, exclude, count);
        if (_pool.Count == 0 && _reservedOriginSlots > 0)
        {
            _reservedOriginSlots = 0;
            Fill(peer, subtreeHeight, exclude, count);
        }

        _reservedOriginSlots = 0;
        ApplyBudget(peer);
        _pool.Sort(RankedCandidate.Compare);
        for (int i = 0; i < _pool.Count && results.Count < count; i++)
        {
            results.Add(_pool[i]);
        }
    }

    private void Fill(TreePeer peer, int subtreeHeight, TreePeer? exclude, int count)
    {
        _pool.Clear();
        int stamp = ++_stamp;
        MeasuredRttCache measured = peer.MeasuredRtts;
        for (int i = 0; i < measured.Count; i++)
        {
            TreePeer candidate = measured.PeerAt(i);
            if (candidate.RankStamp != stamp && IsEligible(candidate, peer, subtreeHeight, exclude, checkSite: true))
            {
                candidate.RankStamp = stamp;
                double rtt = measured.RttAt(i);
                _pool.Add(new RankedCandidate(candidate, rtt, RttSource.Measured, candidate.Site == peer.Site, false, RankedCandidate.CostThrough(candidate, rtt, _tree.Options.HopCostMs)));
            }
        }

        if (peer.HasCoordinate)
        {
            (CandidateGrid[] main, CandidateGrid[] shallow) = _tree.FeederGrids(peer.Site);
            int sameSite = 0;
            foreach (CandidateGrid grid in main)
            {
                if (grid.Site != peer.Site && sameSite >= count)
                {
                    // Same-site candidates always outrank cross-site ones; enough of them means we are done.
                    break;
                }

                sameSite += Collect(grid, peer, subtreeHeight, exclude, count + ExtraNearest, stamp);
            }

            foreach (CandidateGrid grid in shallow)
            {
                if (grid.Site != peer.Site && sameSite >= count)
                {
                    break;
                }

                Collect(grid, peer, subtreeHeight, exclude, count, stamp);
            }
        }

        if (_pool.Count == 0)
        {
            // Nothing measured and nothing near in the index (a joiner that never probed has no coordinate to search
            // with): a free slot anywhere still beats refusing the joiner with "no free slot".
            ScanForAnyFreeSlot(peer, subtreeHeight, exclude, stamp);
        }
    }

    /// <summary>True when <paramref name="candidate"/> could take <paramref name="peer"/> (with a subtree of the given height) now.</summary>
    public bool CanAdopt(TreePeer candidate, TreePeer peer, int subtreeHeight) => IsEligible(candidate, peer, subtreeHeight, null, checkSite: true);

    /// <summary>Like <see cref="CanAdopt"/>, but a viewer may not take an origin's reserved slots (it is ranked elsewhere first).</summary>
    public bool CanAdoptOutsideReserve(TreePeer candidate, TreePeer peer, int subtreeHeight)
    {
        _reservedOriginSlots = peer.CanRelay ? 0 : _tree.Options.OriginSlotsReservedForRelays;
        bool eligible = IsEligible(candidate, peer, subtreeHeight, null, checkSite: true);
        _reservedOriginSlots = 0;
        return eligible;
    }

    private void ScanForAnyFreeSlot(TreePeer peer, int subtreeHeight, TreePeer? exclude, int stamp)
    {
        IReadOnlyList<TreePeer> members = _tree.Members;
        int limit = Math.Min(members.Count, FallbackScanLimit);
        for (int i = 0; i < limit; i++)
        {
            TreePeer candidate = members[i];
            if (candidate.RankStamp == stamp || !IsEligible(candidate, peer, subtreeHeight, exclude, checkSite: true))
            {
                continue;
            }

            candidate.RankStamp = stamp;
            double rtt = _tree.PredictRttMs(peer, candidate);
            if (!double.IsFinite(rtt))
            {
                // Unknown distance: rank by the candidate's own path, so the shallowest free peer comes first.
                rtt = 0;
            }

            _pool.Add(new RankedCandidate(candidate, rtt, RttSource.Predicted, candidate.Site == peer.Site, false, RankedCandidate.CostThrough(candidate, rtt, _tree.Options.HopCostMs)));
        }
    }

    private int Collect(CandidateGrid grid, TreePeer peer, int subtreeHeight, TreePeer? exclude, int wanted, int stamp)
    {
        _nearest.Clear();
        var visitor = new NearestVisitor(this, peer, subtreeHeight, exclude, wanted, stamp, checkSite: false);
        grid.Search(peer.Coordinate.Coordinate, ref visitor);
        bool sameSite = grid.Site == peer.Site;
        foreach (RankedCandidate c in _nearest)
        {
            c.Peer.RankStamp = stamp;
            _pool.Add(c with { SameSite = sameSite });
        }

        return sameSite ? _nearest.Count : 0;
    }

    private void ApplyBudget(TreePeer peer)
    {
        double stretchBudget = _tree.PathBudgetMs(peer);
        double bestSame = double.PositiveInfinity;
        double bestOther = double.PositiveInfinity;
        foreach (RankedCandidate c in _pool)
        {
            if (c.SameSite)
            {
                bestSame = Math.Min(bestSame, c.CostMs);
            }
            else
            {
                bestOther = Math.Min(bestOther, c.CostMs);
            }
        }

        TopologyOptions o = _tree.Options;
        for (int i = 0; i < _pool.Count; i++)
        {
            RankedCandidate c = _pool[i];
            double best = c.SameSite ? bestSame : bestOther;
            double budget = Math.Min(stretchBudget, (best * (1 + o.PathTolerance)) + o.PathToleranceMs);
            _pool[i] = c with { WithinBudget = c.CostMs <= budget };
        }
    }

    private bool IsEligible(TreePeer candidate, TreePeer peer, int subtreeHeight, TreePeer? exclude, bool checkSite)
    {
        if (ReferenceEquals(candidate, peer) || ReferenceEquals(candidate, exclude)
            || candidate.State != PeerState.Attached || candidate.IsSuspected || candidate.FreeSlots <= 0
            || candidate.Depth + 1 + subtreeHeight > _tree.Options.MaxDepth
            || (candidate.Role == PeerRole.Origin && candidate.FreeSlots <= _reservedOriginSlots))
        {
            return false;
        }

        if (checkSite && !_tree.SitePolicy.MayFeed(candidate.Site, peer.Site))
        {
            return false;
        }

        return peer.ChildList.Count == 0 || !StreamTree.IsInSubtreeOf(candidate, peer);
    }

    /// <summary>k-nearest search by predicted RTT; FeederGrids only yields grids whose site may feed the peer.</summary>
    private readonly struct NearestVisitor : IGridVisitor
    {
        private readonly ParentRanker _ranker;
        private readonly TreePeer _peer;
        private readonly int _height;
        private readonly TreePeer? _exclude;
        private readonly int _wanted;
        private readonly int _stamp;
        private readonly bool _checkSite;

        public NearestVisitor(ParentRanker ranker, TreePeer peer, int height, TreePeer? exclude, int wanted, int stamp, bool checkSite)
        {
            _ranker = ranker;
            _peer = peer;
            _height = height;
            _exclude = exclude;
            _wanted = wanted;
            _stamp = stamp;
            _checkSite = checkSite;
        }

        public bool ShouldStop(double lowerBoundRttMs)
        {
            List<RankedCandidate> nearest = _ranker._nearest;
            return nearest.Count >= _wanted && lowerBoundRttMs >= nearest[^1].RttMs;
        }

        public void Visit(TreePeer candidate)
        {
            if (candidate.RankStamp == _stamp || !_ranker.IsEligible(candidate, _peer, _height, _exclude, _checkSite))
            {
                return;
            }

            double rtt = _peer.Coordinate.Coordinate.DistanceTo(candidate.Coordinate.Coordinate);
            List<RankedCandidate> nearest = _ranker._nearest;
            if (nearest.Count >= _wanted && rtt >= nearest[^1].RttMs)
            {
                return;
            }

            int i = nearest.Count;
            while (i > 0 && nearest[i - 1].RttMs > rtt)
            {
                i--;
            }

            nearest.Insert(i, new RankedCandidate(candidate, rtt, RttSource.Predicted, false, false, RankedCandidate.CostThrough(candidate, rtt, _ranker._tree.Options.HopCostMs)));
            if (nearest.Count > _wanted)
            {
                nearest.RemoveAt(nearest.Count - 1);
            }
        }
    }
}
