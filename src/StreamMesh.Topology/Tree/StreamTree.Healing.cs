namespace StreamMesh.Topology.Tree;

/// <content>Departures, failures and reports of unreachable peers: who is removed on what evidence, and whose children move.</content>
public sealed partial class StreamTree
{
    /// <summary>A peer leaves on purpose; its children move to their backups at once.</summary>
    public TopologyResult<RemovalReport> Leave(string peerId) => Remove(peerId);

    /// <summary>A peer is known to be gone without saying goodbye (crash, expiry); same healing as <see cref="Leave"/>.</summary>
    public TopologyResult<RemovalReport> Fail(string peerId) => Remove(peerId);

    /// <summary>
    /// A child reports that it lost its parent or could not reach peers it was sent to. Those peers are suspected
    /// (excluded from ranking until they heartbeat again); a non-origin peer reported by
    /// <see cref="TopologyOptions.ReportsToRemove"/> different peers is removed at once and its children healed. If the child's current parent is among them, or the child is
    /// waiting detached, it is moved without a new round of probing: to the first of <paramref name="reachablePeerIds"/>
    /// (backups that just answered the child's liveness check, in its order) that can take it, else to its first valid
    /// backup, else to the best ranked candidate. Returns the move (To is the current parent when nothing changed).
    /// </summary>
    public TopologyResult<PeerMove> ReportUnreachable(string childId, IReadOnlyList<string> unreachablePeerIds, IReadOnlyList<string>? reachablePeerIds = null)
    {
        ArgumentNullException.ThrowIfNull(unreachablePeerIds);
        if (!_peers.TryGetValue(childId ?? string.Empty, out TreePeer? child))
        {
            return TopologyResult<PeerMove>.Fail(TopologyStatus.UnknownPeer, $"peer '{childId}' is not part of stream '{Stream}'");
        }

        if (child.State == PeerState.Pending)
        {
            return TopologyResult<PeerMove>.Fail(TopologyStatus.NotAttached, $"peer '{childId}' has not confirmed a parent yet");
        }

        if (unreachablePeerIds.Count > 16 || reachablePeerIds?.Count > 16)
        {
            return TopologyResult<PeerMove>.Fail(TopologyStatus.InvalidRequest, "at most 16 unreachable and 16 reachable peers per report");
        }

        child.LastHeartbeat = Now;
        TreePeer? oldParent = child.Parent;
        bool parentLost = false;
        List<TreePeer>? confirmedDead = null;
        foreach (string id in unreachablePeerIds)
        {
            if (!_peers.TryGetValue(id ?? string.Empty, out TreePeer? suspect) || ReferenceEquals(suspect, child) || suspect.State == PeerState.Pending)
            {
                continue;
            }

            parentLost |= ReferenceEquals(suspect, oldParent);
            if (!suspect.IsSuspected)
            {
                suspect.IsSuspected = true;
                RefreshIndex(suspect);
                _landmarks.InvalidateIfLandmark(suspect);
            }

            if (!suspect.UnreachableReporters.Contains(child))
            {
                suspect.UnreachableReporters.Add(child);
            }

            // Healing rule (docs/relay-tree.md): a report alone only suspects. The suspect goes at once when the tracker's
            // own evidence agrees — its heartbeat is already late beyond the suspect grace — or when enough different
            // peers report it. Origins are never removed on hearsay (losing one cuts off its whole tree), only on lateness.
            bool late = Now - suspect.LastHeartbeat > Options.EffectiveSuspectTimeout;
            bool outvoted = suspect.UnreachableReporters.Count >= Options.ReportsToRemove && suspect.Role != PeerRole.Origin;
            if (late || outvoted)
            {
                (confirmedDead ??= []).Add(suspect);
            }
        }

        // Independent reports from several peers are strong evidence: free the dead peer's slot and heal its children
        // now instead of waiting for its heartbeat deadline.
        foreach (TreePeer dead in confirmedDead ?? [])
        {
            if (dead.State != PeerState.Removed)
            {
                Remove(dead.Id);
            }
        }

        if (parentLost && !ReferenceEquals(child.Parent, oldParent))
        {
            // Removing the dead parent already moved the child.
            return TopologyResult<PeerMove>.Ok(new PeerMove(child, oldParent, child.Parent, MoveReason.ParentLost));
        }

        List<TreePeer>? preferred = null;
        foreach (string id in reachablePeerIds ?? [])
        {
            if (_peers.TryGetValue(id ?? string.Empty, out TreePeer? p) && !ReferenceEquals(p, child))
            {
                (preferred ??= []).Add(p);
            }
        }

        if (!parentLost && !_detachedRoots.Contains(child))
        {
            // The tree already moved the child: nothing to do but tell it where it belongs.
            return TopologyResult<PeerMove>.Ok(new PeerMove(child, oldParent, child.Parent, MoveReason.ParentLost));
        }

        if (parentLost)
        {
            Unlink(child);
            DetachSubtree(child);
        }

        return TopologyResult<PeerMove>.Ok(TryReattach(child, parentLost ? MoveReason.ParentLost : MoveReason.Reattached, oldParent, preferred));
    }

    /// <summary>
    /// Removes <paramref name="peerId"/> because the caller has first-hand evidence it is gone (the tracker's own liveness
    /// check failed, or its heartbeat deadline passed), heals its children and then gives every waiting detached subtree
    /// a chance at the slots it freed. Unknown peers are ignored.
    /// </summary>
    public TopologyResult<RemovalReport> ConfirmFailed(string peerId)
    {
        TopologyResult<RemovalReport> result = Remove(peerId);
        if (result.IsOk)
        {
            RetryDetached(int.MaxValue, null);
        }

        return result;
    }

    /// <summary>Suspected peers (reported unreachable and not heartbeating since) with the time their grace runs out.</summary>
    public IReadOnlyList<(TreePeer Peer, DateTimeOffset Deadline)> SuspectDeadlines()
    {
        List<(TreePeer, DateTimeOffset)>? list = null;
        foreach (TreePeer peer in _members)
        {
            if (peer.IsSuspected)
            {
                (list ??= []).Add((peer, peer.LastHeartbeat + Options.EffectiveSuspectTimeout));
            }
        }

        return list is null ? [] : list;
    }

    /// <summary>Removes peers whose heartbeat deadline passed and joiners that never confirmed; heals their children.</summary>
    public IReadOnlyList<RemovalReport> ExpireSilentPeers()
    {
        DateTimeOffset now = Now;
        List<string>? expired = null;
        foreach (TreePeer peer in _peers.Values)
        {
            bool late = peer.State == PeerState.Pending
                ? now - peer.PendingSince > Options.PendingTimeout
                : now - peer.LastHeartbeat > (peer.IsSuspected ? Options.EffectiveSuspectTimeout : Options.HeartbeatTimeout);
            if (late)
            {
                (expired ??= []).Add(peer.Id);
            }
        }

        if (expired is null)
        {
            return [];
        }

        var reports = new List<RemovalReport>(expired.Count);
        foreach (string id in expired)
        {
            TopologyResult<RemovalReport> result = Remove(id);
            if (result.Value is { } report)
            {
                reports.Add(report);
            }
        }

        // Subtrees waiting detached (for example a reporter whose dead parent held the last slot) get the freed slots now.
        RetryDetached(int.MaxValue, null);
        return reports;
    }

    private TopologyResult<RemovalReport> Remove(string peerId)
    {
        if (!_peers.TryGetValue(peerId ?? string.Empty, out TreePeer? peer))
        {
            return TopologyResult<RemovalReport>.Fail(TopologyStatus.UnknownPeer, $"peer '{peerId}' is not part of stream '{Stream}'");
        }

        _peers.Remove(peer.Id);
        if (peer.State == PeerState.Pending)
        {
            peer.State = PeerState.Removed;
            return TopologyResult<RemovalReport>.Ok(new RemovalReport(peer, []));
        }

        Unlink(peer);
        Unindex(peer);
        RemoveMember(peer);
        _origins.Remove(peer);
        _detachedRoots.Remove(peer);
        peer.State = PeerState.Removed;
        _landmarks.InvalidateIfLandmark(peer);

        TreePeer[] orphans = [.. peer.ChildList];
        peer.ChildList.Clear();
        peer.BackupList.Clear();

        // Cut every orphan subtree off first, so no orphan can be hung under another orphan still waiting its turn.
        foreach (TreePeer orphan in orphans)
        {
            orphan.Parent = null;
            orphan.IndexInParent = -1;
            DetachSubtree(orphan);
        }

        var moves = new List<PeerMove>(orphans.Length);
        foreach (TreePeer orphan in orphans)
        {
            AddWithCascade(moves, TryReattach(orphan, MoveReason.ParentLost, peer));
        }

        return TopologyResult<RemovalReport>.Ok(new RemovalReport(peer, moves));
    }

    private static void AddWithCascade(List<PeerMove> moves, PeerMove move)
    {
        moves.Add(move);
        foreach (PeerMove part in move.Cascade)
        {
            AddWithCascade(moves, part);
        }
    }
}
