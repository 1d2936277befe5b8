namespace StreamMesh.Topology.Tree;

/// <content>Periodic improvement: clearly better parents, same-site parents and pull-ups into shallower slots.</content>
public sealed partial class StreamTree
{
    private int _improveCursor;

    /// <summary>
    /// One improvement step: retries detached subtrees, then looks at up to <paramref name="maxPeers"/> attached peers
    /// round-robin and moves a peer (with its subtree) when a same-site parent becomes available for a peer fed across
    /// sites, when its path latency would drop by at least <see cref="TopologyOptions.ImprovementMinFraction"/> and
    /// <see cref="TopologyOptions.ImprovementMinGainMs"/> (hysteresis), or when a shallower slot costs at most
    /// <see cref="TopologyOptions.PullUpToleranceMs"/> more. A moved peer is left alone for <see cref="TopologyOptions.MoveCooldown"/>.
    /// </summary>
    /// <returns>The moves made; each peer must switch to its new parent.</returns>
    public IReadOnlyList<PeerMove> Improve(int maxPeers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPeers);
        var moves = new List<PeerMove>();
        RetryDetached(maxPeers, moves);
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
        if (peer.Role == PeerRole.Origin || peer.State != PeerState.Attached || peer.Parent is not { } parent
            || (peer.LastMovedAt is { } moved && Now - moved < Options.MoveCooldown))
        {
            return null;
        }

        int height = SubtreeHeight(peer);
        _ranker.Rank(peer, height, parent, Options.CandidateCount, _ranked);
        bool parentSameSite = parent.Site == peer.Site;
        double current = peer.PathLatencyMs;
        double requiredGain = Math.Max(Options.ImprovementMinGainMs, Options.ImprovementMinFraction * current);
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

            double cost = r.ResultingPathMs;
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

        if (best is null)
        {
            return null;
        }

        Unlink(peer);
        Link(peer, best);
        peer.LastMovedAt = Now;
        peer.BackupList.Remove(best);
        return new PeerMove(peer, parent, best, reason);
    }
}
