using System.Net;

namespace StreamMesh.Rtc.Ice;

/// <summary>
/// The check list of the agent's single data stream and component (RFC 8445 §6.1.2): remote
/// candidates, pairs ordered by priority, and the triggered-check queue (§6.1.4.1). Not thread-safe;
/// used under the agent's lock.
/// </summary>
/// <remarks>
/// Simplification: with one component and one stream, foundations do not gate anything, so every pair
/// starts Waiting instead of Frozen (§6.1.2.6 would unfreeze them all at once anyway).
/// </remarks>
internal sealed class IceCheckList
{
    /// <summary>Upper bound on remote candidates, so that a misbehaving peer cannot grow the list forever.</summary>
    public const int MaxRemoteCandidates = 64;

    private readonly List<IceCandidate> _remote = [];
    private readonly List<IceCandidatePair> _pairs = [];
    private readonly Queue<IceCandidatePair> _triggered = new();

    public IReadOnlyList<IceCandidatePair> Pairs => _pairs;

    public IReadOnlyList<IceCandidate> RemoteCandidates => _remote;

    public bool HasTriggered => _triggered.Count > 0;

    public bool IsFull => _remote.Count >= MaxRemoteCandidates;

    public IceCandidate? FindRemote(IPEndPoint endPoint)
    {
        foreach (IceCandidate candidate in _remote)
        {
            if (endPoint.Equals(candidate.EndPoint))
            {
                return candidate;
            }
        }

        return null;
    }

    public IceCandidatePair? FindPair(IPEndPoint remote)
    {
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.RemoteEndPoint.Equals(remote))
            {
                return pair;
            }
        }

        return null;
    }

    public void AddRemote(IceCandidate candidate) => _remote.Add(candidate);

    /// <summary>Swaps a remote candidate (prflx later signalled) in the list and in its pair.</summary>
    public void ReplaceRemote(IceCandidate old, IceCandidate replacement, IceRole role)
    {
        int index = _remote.IndexOf(old);
        if (index >= 0)
        {
            _remote[index] = replacement;
        }

        foreach (IceCandidatePair pair in _pairs)
        {
            if (ReferenceEquals(pair.Remote, old))
            {
                pair.Remote = replacement;
            }
        }

        Reprioritize(role);
    }

    public IceCandidatePair AddPair(IceCandidate local, IceCandidate remote, System.Net.SocketAddress remoteAddress, IceRole role)
    {
        var pair = new IceCandidatePair(local, remote, remoteAddress);
        pair.Priority = PairPriority(pair, role);
        int index = 0;
        while (index < _pairs.Count && _pairs[index].Priority >= pair.Priority)
        {
            index++;
        }

        _pairs.Insert(index, pair);
        return pair;
    }

    /// <summary>Recomputes pair priorities after a role switch (RFC 8445 §7.2.5.1) and re-sorts.</summary>
    public void Reprioritize(IceRole role)
    {
        foreach (IceCandidatePair pair in _pairs)
        {
            pair.Priority = PairPriority(pair, role);
        }

        _pairs.Sort(static (a, b) => b.Priority.CompareTo(a.Priority));
    }

    public void EnqueueTriggered(IceCandidatePair pair)
    {
        if (!pair.IsTriggerQueued)
        {
            pair.IsTriggerQueued = true;
            _triggered.Enqueue(pair);
        }
    }

    public IceCandidatePair? DequeueTriggered()
    {
        if (!_triggered.TryDequeue(out IceCandidatePair? pair))
        {
            return null;
        }

        pair.IsTriggerQueued = false;
        return pair;
    }

    /// <summary>The highest-priority Waiting pair not already queued for a triggered check (§6.1.4.2).</summary>
    public IceCandidatePair? NextWaiting()
    {
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.State == IceCandidatePairState.Waiting && !pair.IsTriggerQueued)
            {
                return pair;
            }
        }

        return null;
    }

    /// <summary>Pairs being checked or about to be, for the RTO formula of §14.3.</summary>
    public int ActiveCount
    {
        get
        {
            int count = 0;
            foreach (IceCandidatePair pair in _pairs)
            {
                if (pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>The highest-priority valid pair.</summary>
    public IceCandidatePair? BestValid()
    {
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.State == IceCandidatePairState.Succeeded)
            {
                return pair;
            }
        }

        return null;
    }

    /// <summary>Whether a pair better than <paramref name="pair"/> may still succeed.</summary>
    public bool HasUnfinishedAbove(IceCandidatePair pair)
    {
        foreach (IceCandidatePair other in _pairs)
        {
            if (ReferenceEquals(other, pair))
            {
                return false;
            }

            if (other.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress or IceCandidatePairState.Frozen)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>G is the controlling agent's candidate priority, D the controlled one's (§6.1.2.3).</summary>
    private static ulong PairPriority(IceCandidatePair pair, IceRole role) => role == IceRole.Controlling
        ? IceCandidatePriority.ForPair(pair.Local.Priority, pair.Remote.Priority)
        : IceCandidatePriority.ForPair(pair.Remote.Priority, pair.Local.Priority);
}
