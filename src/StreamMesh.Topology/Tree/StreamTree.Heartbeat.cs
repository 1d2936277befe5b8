namespace StreamMesh.Topology.Tree;

/// <content>Heartbeats: liveness, RTT samples and statistics in; the current parent, backups and peers worth probing out.</content>
public sealed partial class StreamTree
{
    private const double ParentRttGain = 1.0 / 8;

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

            // One heartbeat carries one round trip, and on a busy host one slow answer is common. Taken as is, a single
            // stall raised the whole subtree's path latency and improvement moved its peers away on it; smoothed like
            // TCP's SRTT (RFC 6298 §2.3, gain 1/8), a lasting change still arrives within a few heartbeats.
            double smoothed = peer.ParentRttMeasured ? peer.ParentRttMs + ((rtt - peer.ParentRttMs) * ParentRttGain) : rtt;
            if (!peer.ParentRttMeasured || Math.Abs(smoothed - peer.ParentRttMs) > Options.RttUpdateThresholdMs)
            {
                peer.ParentRttMs = smoothed;
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

    private static bool IsNonNegativeFinite(double value) => double.IsFinite(value) && value >= 0;
}
