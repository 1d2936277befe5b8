namespace StreamMesh.Topology.Tree;

/// <content>
/// Periodic improvement: clearly better parents, same-site parents, pull-ups into shallower slots and rebalancing of the
/// origins' scarce direct slots. Latency-driven moves are decided on RTTs the peer measured; a promising parent it has
/// not measured yet is put on its probe list and reconsidered after the next heartbeat.
/// </content>
public sealed partial class StreamTree
{
    private const int MaxProbeWishes = 3;

    private int _improveCursor;

    /// <summary>
    /// One improvement step: retries detached subtrees, rebalances full origins, then looks at up to
    /// <paramref name="maxPeers"/> attached peers round-robin and moves a peer (with its subtree) when a same-site parent
    /// becomes available for a peer fed across sites, when its path latency would drop by at least
    /// <see cref="TopologyOptions.ImprovementMinFraction"/> and <see cref="TopologyOptions.ImprovementMinGainMs"/>
    /// (hysteresis), or when a shallower slot costs at most <see cref="TopologyOptions.PullUpToleranceMs"/> more.
    /// A moved peer is left alone for <see cref="TopologyOptions.MoveCooldown"/>.
    /// </summary>
    /// <returns>The moves made; each peer must switch to its new parent.</returns>
    public IReadOnlyList<PeerMove> Improve(int maxPeers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPeers);
        var moves = new List<PeerMove>();
        RetryDetached(maxPeers, moves);
        if (maxPeers > 0)
        {
            foreach (TreePeer origin in _origins)
            {
                RebalanceRoot(origin, moves);
            }
        }

        int steps = Math.Min(maxPeers, _members.Count);
        for (int i = 0; i < steps && _members.Count > 0; i++)
        {
            if (_improveCursor >= _members.Count)
            {
                _improveCursor = 0;
            }

            TreePeer peer = _members[_improveCursor++];
            if (TryImprove(peer) is { } move)
            {
                moves.Add(move);
            }
        }

        return moves;
    }

    private PeerMove? TryImprove(TreePeer peer)
    {
        if (peer.Role == PeerRole.Origin || peer.State != PeerState.Attached || peer.Parent is not { } parent || CoolingDown(peer))
        {
            return null;
        }

        bool parentSameSite = parent.Site == peer.Site;
        double current = RankedCandidate.PathCost(peer.PathLatencyMs, peer.Depth, Options.HopCostMs);
        double requiredGain = Math.Max(Options.ImprovementMinGainMs, Options.ImprovementMinFraction * current);
        int height = SubtreeHeight(peer);
        _ranker.Rank(peer, height, parent, Options.CandidateCount, _ranked);
        TreePeer? best = null;
        TreePeer? pullUp = null;
        MoveReason reason = MoveReason.Improvement;
        double bestCost = double.PositiveInfinity;
        foreach (RankedCandidate r in _ranked)
        {
            if (!parentSameSite && r.SameSite)
            {
                // Site policy outranks latency: take the best same-site parent as soon as one has room.
                best = r.Peer;
                reason = MoveReason.SameSite;
                break;
            }

            if (parentSameSite && !r.SameSite)
            {
                continue;
            }

            double cost = r.CostMs;
            bool promising = current - cost >= requiredGain || (r.Peer.Depth < parent.Depth && cost <= current + Options.PullUpToleranceMs);
            if (promising && r.Source == RttSource.Predicted)
            {
                // Predictions are worst for long, detoured paths: measure before moving.
                Wish(peer, r.Peer);
                continue;
            }

            if (current - cost >= requiredGain && cost < bestCost)
            {
                best = r.Peer;
                bestCost = cost;
            }
            else if (pullUp is null && r.Peer.Depth < parent.Depth && cost <= current + Options.PullUpToleranceMs)
            {
                pullUp = r.Peer;
            }
        }

        if (best is null && pullUp is not null)
        {
            best = pullUp;
            reason = MoveReason.PullUp;
        }

        return best is null ? null : Move(peer, best, reason);
    }

    /// <summary>
    /// A full origin's direct slots are the scarcest resource of the tree. When a grandchild would gain much more from a
    /// direct slot (its path latency minus its direct latency, weighted by its subtree) than the cheapest child to
    /// displace would lose by moving under one of its siblings, the two trade places. Both RTTs must be measured.
    /// </summary>
    private void RebalanceRoot(TreePeer origin, List<PeerMove> moves)
    {
        if (origin.FreeSlots > 0 || origin.ChildList.Count < 2)
        {
            return;
        }

        TreePeer? promote = null;
        double bestGain = 0;
        foreach (TreePeer child in origin.ChildList)
        {
            foreach (TreePeer grandchild in child.ChildList)
            {
                if (!grandchild.CanRelay || CoolingDown(grandchild) || SubtreeDepthFits(grandchild, 1) is false)
                {
                    continue;
                }

                double direct = EdgeRtt(grandchild, origin, out bool measured) / 2;
                double gain = (grandchild.PathLatencyMs - direct) * Weight(grandchild);
                if (gain > bestGain)
                {
                    if (!measured)
                    {
                        Wish(grandchild, origin);
                        continue;
                    }

                    bestGain = gain;
                    promote = grandchild;
                }
            }
        }

        if (promote is null || bestGain < Options.ImprovementMinGainMs * Weight(promote))
        {
            return;
        }

        TreePeer? demote = null;
        TreePeer? demoteTo = null;
        double leastLoss = double.PositiveInfinity;
        foreach (TreePeer child in origin.ChildList)
        {
            if (child.Role == PeerRole.Origin || CoolingDown(child) || !SubtreeDepthFits(child, 2))
            {
                continue;
            }

            foreach (TreePeer sibling in origin.ChildList)
            {
                if (ReferenceEquals(sibling, child) || sibling.FreeSlots <= 0 || !SitePolicy.MayFeed(sibling.Site, child.Site) || sibling.IsSuspected)
                {
                    continue;
                }

                double rtt = EdgeRtt(child, sibling, out bool measured);
                double loss = (sibling.PathLatencyMs + (rtt / 2) - child.PathLatencyMs) * Weight(child);
                if (loss < leastLoss)
                {
                    if (!measured)
                    {
                        Wish(child, sibling);
                        continue;
                    }

                    leastLoss = loss;
                    demote = child;
                    demoteTo = sibling;
                }
            }
        }

        // A clear win only: the promoted subtree gains at least twice what the displaced one loses.
        if (demote is null || demoteTo is null || bestGain < 2 * Math.Max(leastLoss, 0) || bestGain - leastLoss < Options.ImprovementMinGainMs * Weight(promote))
        {
            return;
        }

        moves.Add(Move(demote, demoteTo, MoveReason.Improvement));
        moves.Add(Move(promote, origin, MoveReason.PullUp));
    }

    private PeerMove Move(TreePeer peer, TreePeer to, MoveReason reason)
    {
        TreePeer? from = peer.Parent;
        Unlink(peer);
        Link(peer, to);
        peer.LastMovedAt = Now;
        peer.BackupList.Remove(to);
        return new PeerMove(peer, from, to, reason);
    }

    private bool CoolingDown(TreePeer peer) => peer.LastMovedAt is { } moved && Now - moved < Options.MoveCooldown;

    /// <summary>True when the peer's subtree still fits the depth limit with the peer at <paramref name="newDepth"/>.</summary>
    private bool SubtreeDepthFits(TreePeer peer, int newDepth) => peer.ChildList.Count == 0 ? newDepth <= Options.MaxDepth : newDepth + SubtreeHeight(peer) <= Options.MaxDepth;

    /// <summary>How many peers a move of <paramref name="peer"/> affects, approximated by itself and its children.</summary>
    private static double Weight(TreePeer peer) => 1 + peer.ChildList.Count;

    private static void Wish(TreePeer peer, TreePeer target)
    {
        List<TreePeer> wishes = peer.ProbeWishes;
        if (wishes.Contains(target))
        {
            return;
        }

        if (wishes.Count >= MaxProbeWishes)
        {
            wishes.RemoveAt(0);
        }

        wishes.Add(target);
    }
}
