namespace StreamMesh.Topology.Tree;

/// <content>Re-homing a parentless subtree: backups first, then the ranking, pre-emption, or a split when it is too deep to fit.</content>
public sealed partial class StreamTree
{
    /// <summary>Marks a parentless subtree detached and takes it out of the candidate index.</summary>
    private void DetachSubtree(TreePeer root)
    {
        PropagateFrom(root, PeerState.Detached);
        _detachedRoots.Add(root);
    }

    /// <summary>Backups first (no probing), then the ranking; failing both, the subtree stays detached.</summary>
    private PeerMove TryReattach(TreePeer root, MoveReason reason, TreePeer? from, List<TreePeer>? preferred = null)
    {
        int height = SubtreeHeight(root);
        TreePeer? target = null;
        foreach (TreePeer backup in preferred is null ? root.BackupList : preferred.Concat(root.BackupList))
        {
            if (_ranker.CanAdopt(backup, root, height))
            {
                target = backup;
                break;
            }
        }

        if (target is null)
        {
            _ranker.Rank(root, height, null, 1, _ranked);
            target = _ranked.Count > 0 ? _ranked[0].Peer : null;
        }

        if (target is null && PickPreemption(root, height, preferred) is { } option)
        {
            // A relay with nowhere to go takes a leaf viewer's slot and adopts the viewer (StreamTree.Preemption.cs).
            _detachedRoots.Remove(root);
            root.BackupList.Remove(option.Parent);
            PeerMove displaced = ApplyPreemption(root, option);
            root.LastMovedAt = Now;
            return new PeerMove(root, from, option.Parent, reason) { Cascade = [displaced] };
        }

        if (target is null && root.ChildList.Count > 0)
        {
            return SplitAndReattach(root, reason, from);
        }

        if (target is null)
        {
            return new PeerMove(root, from, null, reason);
        }

        _detachedRoots.Remove(root);
        root.BackupList.Remove(target);
        Link(root, target);
        root.LastMovedAt = Now;
        return new PeerMove(root, from, target, reason);
    }

    /// <summary>
    /// No parent can take the whole subtree within the depth limit: hang the root where it fits best on its own, cut off
    /// the levels that would end up too deep and re-home each of those subtrees separately (they are shorter, so they fit
    /// more easily). Better than leaving the whole subtree without media until a shallow slot frees up.
    /// </summary>
    private PeerMove SplitAndReattach(TreePeer root, MoveReason reason, TreePeer? from)
    {
        _ranker.Rank(root, 0, null, 1, _ranked);
        if (_ranked.Count == 0)
        {
            return new PeerMove(root, from, null, reason);
        }

        TreePeer target = _ranked[0].Peer;
        int keepLevels = Options.MaxDepth - (target.Depth + 1);
        var cut = new List<TreePeer>();
        var level = new List<TreePeer> { root };
        for (int depth = 0; depth < keepLevels && level.Count > 0; depth++)
        {
            var next = new List<TreePeer>();
            foreach (TreePeer node in level)
            {
                next.AddRange(node.ChildList);
            }

            level = next;
        }

        // Children of the deepest level that may stay are the roots of the parts that must go.
        foreach (TreePeer keep in level)
        {
            cut.AddRange(keep.ChildList);
        }

        foreach (TreePeer part in cut)
        {
            Unlink(part);
            _detachedRoots.Add(part);
        }

        _detachedRoots.Remove(root);
        root.BackupList.Remove(target);
        Link(root, target);
        root.LastMovedAt = Now;
        var cascade = new List<PeerMove>(cut.Count);
        foreach (TreePeer part in cut)
        {
            cascade.Add(TryReattach(part, MoveReason.ParentLost, null));
        }

        return new PeerMove(root, from, target, reason) { Cascade = cascade };
    }

    private int RetryDetached(int limit, List<PeerMove>? moves)
    {
        if (_detachedRoots.Count == 0 || limit <= 0)
        {
            return 0;
        }

        int tried = 0;
        foreach (TreePeer root in _detachedRoots.ToArray())
        {
            if (tried++ >= limit)
            {
                break;
            }

            PeerMove move = TryReattach(root, MoveReason.Reattached, null);
            if (move.To is not null && moves is not null)
            {
                AddWithCascade(moves, move);
            }
        }

        return tried;
    }
}
