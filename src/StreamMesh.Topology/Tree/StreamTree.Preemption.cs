namespace StreamMesh.Topology.Tree;

/// <content>
/// Slots for relays (docs/relay-tree.md): a distributing peer that finds no free slot takes the slot of a leaf viewer
/// and adopts that viewer. Viewers fill the shallow slots first (origins are nearest), and without this nothing ever
/// gave a slot back: after a few relay failures every origin slot was held by viewers, replacement relays stayed
/// detached, and their would-be children with them. A viewer costs one slot wherever it hangs; a relay adds slots.
/// </content>
public sealed partial class StreamTree
{
    // Pre-emption only runs when a distributing peer was refused; the bound keeps a really full stream cheap.
    private const int PreemptionScanLimit = 4_096;

    // Hosts for the displaced viewer inside a moving subtree (the peer itself first, then its descendants breadth first).
    private const int HostScanLimit = 64;

    private readonly List<Preemption> _preemptions = [];
    private readonly List<(TreePeer Host, int Level)> _hosts = [];

    /// <summary>
    /// Fills <see cref="_preemptions"/> with one option per parent whose slot <paramref name="peer"/> (with a subtree of
    /// <paramref name="subtreeHeight"/> levels) could take by displacing a leaf viewer, best first: same site, then the
    /// lowest path cost for the peer. The same checks as ranking hold for the peer (attached unsuspected parent, depth,
    /// site policy, never inside its own subtree) and for the displaced viewer below its new host (depth, site policy).
    /// Relays are never displaced, and no cycle can form: the viewer is a leaf and the parent lies outside the subtree.
    /// </summary>
    private List<Preemption> CollectPreemptions(TreePeer peer, int subtreeHeight)
    {
        _preemptions.Clear();
        if (!peer.CanRelay || !CollectHosts(peer))
        {
            return _preemptions;
        }

        int limit = Math.Min(_members.Count, PreemptionScanLimit);
        for (int i = 0; i < limit; i++)
        {
            TreePeer parent = _members[i];
            if (ReferenceEquals(parent, peer) || parent.State != PeerState.Attached || parent.IsSuspected || !parent.CanRelay
                || parent.Depth + 1 + subtreeHeight > Options.MaxDepth || !SitePolicy.MayFeed(parent.Site, peer.Site)
                || (peer.ChildList.Count > 0 && IsInSubtreeOf(parent, peer)))
            {
                continue;
            }

            TreePeer? victim = null;
            TreePeer? victimHost = null;
            foreach (TreePeer child in parent.ChildList)
            {
                if (child.CanRelay || child.ChildList.Count > 0 || ReferenceEquals(child, peer) || child.State != PeerState.Attached
                    || HostFor(child, parent.Depth + 1) is not { } host)
                {
                    continue;
                }

                if (victim is null || BetterVictim(child, victim, peer))
                {
                    victim = child;
                    victimHost = host;
                }
            }

            if (victim is null || victimHost is null)
            {
                continue;
            }

            double rtt = EdgeRtt(peer, parent, out _);
            double cost = RankedCandidate.CostThrough(parent, double.IsFinite(rtt) ? rtt : 0, Options.HopCostMs);
            _preemptions.Add(new Preemption(parent, victim, victimHost, parent.Site == peer.Site, cost));
        }

        _preemptions.Sort(static (a, b) =>
        {
            int c = b.SameSite.CompareTo(a.SameSite);
            c = c != 0 ? c : a.CostMs.CompareTo(b.CostMs);
            return c != 0 ? c : string.CompareOrdinal(a.Parent.Id, b.Parent.Id);
        });
        return _preemptions;
    }

    /// <summary>The best pre-emption for <paramref name="peer"/>: at the first of <paramref name="preferred"/> that offers one, else the best overall.</summary>
    private Preemption? PickPreemption(TreePeer peer, int subtreeHeight, IEnumerable<TreePeer>? preferred)
    {
        List<Preemption> options = CollectPreemptions(peer, subtreeHeight);
        if (options.Count == 0)
        {
            return null;
        }

        foreach (TreePeer wanted in preferred ?? [])
        {
            foreach (Preemption option in options)
            {
                if (ReferenceEquals(option.Parent, wanted))
                {
                    return option;
                }
            }
        }

        return options[0];
    }

    /// <summary>The best pre-emption for <paramref name="peer"/>, trying the parents named in <paramref name="preferredIds"/> first.</summary>
    private Preemption? PickPreemption(TreePeer peer, int subtreeHeight, IReadOnlyList<string> preferredIds)
    {
        List<TreePeer>? preferred = null;
        foreach (string id in preferredIds)
        {
            if (_peers.TryGetValue(id, out TreePeer? p))
            {
                (preferred ??= []).Add(p);
            }
        }

        return PickPreemption(peer, subtreeHeight, preferred);
    }

    /// <summary>
    /// Hangs <paramref name="peer"/> under the option's parent in the displaced viewer's slot, then the viewer under its
    /// host. The viewer's parent epoch changes, so the tracker hands it a fresh ticket with its next answer.
    /// </summary>
    private PeerMove ApplyPreemption(TreePeer peer, Preemption option)
    {
        TreePeer victim = option.Victim;
        Unlink(victim);
        Link(peer, option.Parent);
        Link(victim, option.Host);
        victim.LastMovedAt = Now;
        victim.BackupList.Remove(option.Host);
        return new PeerMove(victim, option.Parent, option.Host, MoveReason.Displaced);
    }

    /// <summary>Distributing peers of <paramref name="peer"/>'s subtree with a free slot, with their level below it.</summary>
    private bool CollectHosts(TreePeer peer)
    {
        _hosts.Clear();
        int next = 0;
        var frontier = new List<(TreePeer Peer, int Level)> { (peer, 0) };
        while (next < frontier.Count && _hosts.Count < HostScanLimit)
        {
            (TreePeer node, int level) = frontier[next++];
            if (node.CanRelay && node.FreeSlots > 0 && !node.IsSuspected)
            {
                _hosts.Add((node, level));
            }

            foreach (TreePeer child in node.ChildList)
            {
                frontier.Add((child, level + 1));
            }
        }

        return _hosts.Count > 0;
    }

    /// <summary>The shallowest collected host that may feed <paramref name="victim"/> within depth, the peer at <paramref name="peerDepth"/>.</summary>
    private TreePeer? HostFor(TreePeer victim, int peerDepth)
    {
        foreach ((TreePeer host, int level) in _hosts)
        {
            if (peerDepth + level + 1 <= Options.MaxDepth && SitePolicy.MayFeed(host.Site, victim.Site))
            {
                return host;
            }
        }

        return null;
    }

    /// <summary>
    /// Which viewer to displace: one not moved recently, then one on the relay's site, then the nearest to the relay
    /// (its new parent), then the newest (it has watched least), then by id for determinism.
    /// </summary>
    private bool BetterVictim(TreePeer a, TreePeer b, TreePeer relay)
    {
        bool aCool = CoolingDown(a);
        if (aCool != CoolingDown(b))
        {
            return !aCool;
        }

        bool aSite = a.Site == relay.Site;
        if (aSite != (b.Site == relay.Site))
        {
            return aSite;
        }

        double ra = EdgeRtt(a, relay, out _);
        double rb = EdgeRtt(b, relay, out _);
        ra = double.IsFinite(ra) ? ra : double.PositiveInfinity;
        rb = double.IsFinite(rb) ? rb : double.PositiveInfinity;
        if (ra != rb)
        {
            return ra < rb;
        }

        if (a.JoinedAt != b.JoinedAt)
        {
            return a.JoinedAt > b.JoinedAt;
        }

        return string.CompareOrdinal(a.Id, b.Id) < 0;
    }

    /// <summary>One way to make room: <see cref="Parent"/> gives <see cref="Victim"/>'s slot to the peer, the victim goes under <see cref="Host"/>.</summary>
    private readonly record struct Preemption(TreePeer Parent, TreePeer Victim, TreePeer Host, bool SameSite, double CostMs);
}
