namespace StreamMesh.Topology.Tree;

/// <content>Backup parents: kept per peer, checked before each use and topped up from the ranking.</content>
public sealed partial class StreamTree
{
    /// <summary>
    /// The peer's ordered backup parents as valid now: attached, not suspected, able to relay with a free slot,
    /// allowed by site policy, within depth, not the current parent and never inside the peer's own subtree.
    /// Stale entries are dropped and the list is topped up from the ranking.
    /// </summary>
    public IReadOnlyList<TreePeer> GetBackups(TreePeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.State is PeerState.Pending or PeerState.Removed || peer.Role == PeerRole.Origin || Options.BackupCount == 0)
        {
            return [];
        }

        int height = SubtreeHeight(peer);
        List<TreePeer> list = peer.BackupList;
        for (int i = list.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(list[i], peer.Parent) || !_ranker.CanAdopt(list[i], peer, height))
            {
                list.RemoveAt(i);
            }
        }

        if (list.Count < Options.BackupCount)
        {
            _ranker.Rank(peer, height, peer.Parent, Options.BackupCount + list.Count, _ranked);
            foreach (RankedCandidate r in _ranked)
            {
                if (list.Count >= Options.BackupCount)
                {
                    break;
                }

                if (!list.Contains(r.Peer))
                {
                    list.Add(r.Peer);
                }
            }
        }

        return [.. list];
    }

    private void ComputeBackups(TreePeer peer)
    {
        peer.BackupList.Clear();
        if (Options.BackupCount == 0)
        {
            return;
        }

        _ranker.Rank(peer, SubtreeHeight(peer), peer.Parent, Options.BackupCount, _ranked);
        foreach (RankedCandidate r in _ranked)
        {
            peer.BackupList.Add(r.Peer);
        }
    }
}
