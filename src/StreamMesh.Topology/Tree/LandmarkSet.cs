namespace StreamMesh.Topology.Tree;

/// <summary>
/// The peers a joiner without a coordinate probes first: the origins, then well-placed distributing peers spread
/// over the coordinate space by farthest-point sampling, so a handful of RTTs pins the joiner down.
/// Recomputed lazily when a landmark goes away or the tree has grown by a quarter.
/// </summary>
internal sealed class LandmarkSet
{
    private const double ConfidentError = 0.5;

    private readonly StreamTree _tree;
    private readonly List<TreePeer> _current = [];
    private bool _dirty = true;
    private int _membersAtCompute;

    public LandmarkSet(StreamTree tree)
    {
        _tree = tree;
    }

    public void Invalidate() => _dirty = true;

    /// <summary>Marks the set stale only if <paramref name="peer"/> is one of the landmarks, so churn stays cheap.</summary>
    public void InvalidateIfLandmark(TreePeer peer)
    {
        if (_current.Contains(peer))
        {
            _dirty = true;
        }
    }

    public IReadOnlyList<TreePeer> Current(int count)
    {
        int members = _tree.Members.Count;
        if (_dirty || members > (_membersAtCompute * 5 / 4) + 8 || _current.Count < Math.Min(count, members))
        {
            Recompute(count);
        }

        return _current;
    }

    private void Recompute(int count)
    {
        _dirty = false;
        _membersAtCompute = _tree.Members.Count;
        _current.Clear();
        var pool = new List<TreePeer>();
        var fallback = new List<TreePeer>();
        foreach (TreePeer peer in _tree.Members)
        {
            if (peer.State != PeerState.Attached || peer.IsSuspected || !peer.HasCoordinate)
            {
                continue;
            }

            if (peer.Role == PeerRole.Origin)
            {
                if (_current.Count < count)
                {
                    _current.Add(peer);
                }
            }
            else if (peer.Role == PeerRole.Relay && peer.Coordinate.Error <= ConfidentError)
            {
                pool.Add(peer);
            }
            else if (peer.CanRelay)
            {
                fallback.Add(peer);
            }
        }

        if (pool.Count < count)
        {
            pool.AddRange(fallback);
        }

        if (pool.Count == 0)
        {
            return;
        }

        // Farthest-point sampling: each pick maximises its distance to everything already chosen.
        var nearest = new double[pool.Count];
        for (int i = 0; i < pool.Count; i++)
        {
            nearest[i] = _current.Count == 0 ? double.PositiveInfinity : MinDistance(pool[i], _current);
        }

        if (_current.Count == 0)
        {
            Take(pool, nearest, 0);
        }

        while (_current.Count < count)
        {
            int best = -1;
            for (int i = 0; i < pool.Count; i++)
            {
                if (nearest[i] > 0 && (best < 0 || nearest[i] > nearest[best]))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            Take(pool, nearest, best);
        }
    }

    private void Take(List<TreePeer> pool, double[] nearest, int index)
    {
        TreePeer chosen = pool[index];
        _current.Add(chosen);
        nearest[index] = 0;
        for (int i = 0; i < pool.Count; i++)
        {
            if (nearest[i] > 0)
            {
                double d = pool[i].Coordinate.Coordinate.PlanarDistanceTo(chosen.Coordinate.Coordinate);
                nearest[i] = Math.Min(nearest[i], Math.Max(d, double.Epsilon));
            }
        }
    }

    private static double MinDistance(TreePeer peer, List<TreePeer> chosen)
    {
        double min = double.PositiveInfinity;
        foreach (TreePeer c in chosen)
        {
            min = Math.Min(min, peer.Coordinate.Coordinate.PlanarDistanceTo(c.Coordinate.Coordinate));
        }

        return Math.Max(min, double.Epsilon);
    }
}
