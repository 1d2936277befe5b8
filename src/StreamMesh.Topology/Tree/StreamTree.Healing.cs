namespace StreamMesh.Topology.Tree;

/// <content>Heartbeats, departures, failures and reattachment through backup parents.</content>
public sealed partial class StreamTree
{
    /// <summary>
    /// Records a heartbeat: refreshes the deadline, clears suspicion, feeds RTT samples to the coordinates and,
    /// when the parent RTT changed noticeably, the subtree's path latencies. Replies with the current parent
    /// (the peer may have been moved), valid backups and peers worth probing.
    /// </summary>
    public TopologyResult<HeartbeatReply> Heartbeat(string peerId, HeartbeatReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!_peers.TryGetValue(peerId ?? string.Empty, out TreePeer? peer))
        {
            return TopologyResult<HeartbeatReply>.Fail(TopologyStatus.UnknownPeer, $"peer '{peerId}' is not part of stream '{Stream}'");
        }

        if (peer.State == PeerState.Pending)
        {
            return TopologyResult<HeartbeatReply>.Fail(TopologyStatus.NotAttached, $"peer '{peerId}' has not confirmed a parent yet");
        }

        string? problem = ValidateProbes(report.Samples);
        if (problem is null && report.ParentRttMs is { } p && (!double.IsFinite(p) || p < 0 || p > Options.Vivaldi.MaxRttMs))
        {
            problem = $"parent RTT must be in [0, {Options.Vivaldi.MaxRttMs}] ms";
        }

        if (problem is null && report.Stats is { } s && !(IsNonNegativeFinite(s.ReceiveKbps) && IsNonNegativeFinite(s.SendKbps) && s.LossFraction is >= 0 and <= 1 && IsNonNegativeFinite(s.JitterMs)))
        {
            problem = "stats must be finite, non-negative, loss in [0, 1]";
        }

        if (problem is not null)
        {
            return TopologyResult<HeartbeatReply>.Fail(TopologyStatus.InvalidRequest, problem);
        }

        peer.LastHeartbeat = Now;
        if (report.Stats is not null)
        {
            peer.Stats = report.Stats;
        }

        if (peer.IsSuspected)
        {
            peer.IsSuspected = false;
            peer.UnreachableReporters.Clear();
            RefreshIndex(peer);
        }

        foreach (RttSample sample in report.Samples ?? [])
        {
            if (_peers.TryGetValue(sample.PeerId, out TreePeer? target))
            {
                RecordSample(peer, target, sample.RttMs);
            }
        }

        if (report.ParentRttMs is { } rtt && peer.Parent is { } parent)
        {
            RecordSample(peer, parent, rtt);
            if (!peer.ParentRttMeasured || Math.Abs(rtt - peer.ParentRttMs) > Options.RttUpdateThresholdMs)
            {
                peer.ParentRttMs = rtt;
                peer.ParentRttMeasured = true;
                PropagateFrom(peer, peer.State);
            }
        }

        if (peer.State == PeerState.Detached && _detachedRoots.Contains(peer))
        {
            TryReattach(peer, MoveReason.Reattached, null);
        }

        IReadOnlyList<TreePeer> backups = GetBackups(peer);
        return TopologyResult<HeartbeatReply>.Ok(new HeartbeatReply(peer, peer.Parent, backups, ProbeSuggestions(peer, backups)));
    }

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

    private TreePeer[] ProbeSuggestions(TreePeer peer, IReadOnlyList<TreePeer> backups)
    {
        List<TreePeer>? list = null;
        foreach (TreePeer wish in peer.ProbeWishes)
        {
            if (wish.State == PeerState.Attached && !peer.MeasuredRtts.TryGet(wish, out _))
            {
                (list ??= []).Add(wish);
            }
        }

        peer.ProbeWishes.Clear();
        foreach (TreePeer backup in backups)
        {
            if (!peer.MeasuredRtts.TryGet(backup, out _) && !(list?.Contains(backup) ?? false))
            {
                (list ??= []).Add(backup);
            }
        }

        bool refine = peer.Coordinate.Error > Options.RefineErrorThreshold;
        if (refine)
        {
            int added = 0;
            foreach (TreePeer landmark in _landmarks.Current(Options.LandmarkCount))
            {
                if (added < 3 && !ReferenceEquals(landmark, peer) && !peer.MeasuredRtts.TryGet(landmark, out _) && !(list?.Contains(landmark) ?? false))
                {
                    (list ??= []).Add(landmark);
                    added++;
                }
            }
        }

        // Vivaldi converges from samples to near and far nodes alike (Dabek et al. §5.5), so infrastructure peers,
        // and anyone still unsure of its coordinate, also measure a few random distributing peers.
        if ((refine || peer.Role is PeerRole.Relay or PeerRole.Origin) && _members.Count > 1)
        {
            for (int i = 0, added = 0; i < Options.RandomProbeCount * 4 && added < Options.RandomProbeCount; i++)
            {
                TreePeer other = _members[(int)(NextSeed() % (ulong)_members.Count)];
                if (!ReferenceEquals(other, peer) && other.CanRelay && other.State == PeerState.Attached
                    && !peer.MeasuredRtts.TryGet(other, out _) && !(list?.Contains(other) ?? false))
                {
                    (list ??= []).Add(other);
                    added++;
                }
            }
        }

        return list is null ? [] : [.. list];
    }

    private static void AddWithCascade(List<PeerMove> moves, PeerMove move)
    {
        moves.Add(move);
        foreach (PeerMove part in move.Cascade)
        {
            AddWithCascade(moves, part);
        }
    }

    private static bool IsNonNegativeFinite(double value) => double.IsFinite(value) && value >= 0;
}
