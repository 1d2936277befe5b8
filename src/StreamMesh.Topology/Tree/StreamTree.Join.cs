namespace StreamMesh.Topology.Tree;

/// <content>Join and confirm: ranking candidates for a joiner and reserving a slot.</content>
public sealed partial class StreamTree
{
    /// <summary>
    /// A joiner asks for candidates. A joiner with neither a coordinate nor probes gets landmarks to probe
    /// (<see cref="JoinOffer.IsLandmarkRound"/>); otherwise the top <see cref="TopologyOptions.CandidateCount"/>
    /// ranked candidates. Joining again while pending refreshes the request; joining with the id of a peer in the
    /// tree is refused.
    /// </summary>
    public TopologyResult<JoinOffer> Join(JoinRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PeerDeclaration d = request.Peer;
        if (d is null)
        {
            return TopologyResult<JoinOffer>.Fail(TopologyStatus.InvalidRequest, "peer is required");
        }

        if (d.Role == PeerRole.Origin)
        {
            return TopologyResult<JoinOffer>.Fail(TopologyStatus.InvalidRequest, "origins register as roots; they do not join");
        }

        string? problem = ValidateDeclaration(d) ?? ValidateProbes(request.Probes);
        if (problem is not null)
        {
            return TopologyResult<JoinOffer>.Fail(TopologyStatus.InvalidRequest, problem);
        }

        if (_origins.Count == 0)
        {
            return TopologyResult<JoinOffer>.Fail(TopologyStatus.NoEligibleParent, $"stream '{Stream}' has no origin");
        }

        TreePeer peer;
        bool created = false;
        if (_peers.TryGetValue(d.PeerId, out TreePeer? existing))
        {
            if (existing.State != PeerState.Pending)
            {
                return TopologyResult<JoinOffer>.Fail(TopologyStatus.DuplicatePeer, $"peer '{d.PeerId}' is already in stream '{Stream}'");
            }

            peer = existing;
            string site = SitePolicy.ResolveSite(d.Address, d.Site);
            peer.Redeclare(d.Role, d.Capacity, d.Role != PeerRole.Viewer && d.Capacity > 0 && !SitePolicy.IsReceiveOnly(site), site, d.Url, d.Address);
            peer.PendingSince = Now;
        }
        else
        {
            peer = CreatePeer(d);
            _peers.Add(peer.Id, peer);
            created = true;
        }

        RecordProbes(peer, request.Probes);
        if (!peer.HasCoordinate)
        {
            return TopologyResult<JoinOffer>.Ok(new JoinOffer(peer, IsLandmarkRound: true, LandmarkCandidates()));
        }

        _ranker.Rank(peer, 0, null, Options.CandidateCount, _ranked);
        if (_ranked.Count == 0 && CollectPreemptions(peer, 0) is { Count: > 0 } preemptable)
        {
            // No free slot, but a distributing peer may take a leaf viewer's slot (see StreamTree.Preemption.cs).
            var offered = new ParentCandidate[Math.Min(preemptable.Count, Options.CandidateCount)];
            for (int i = 0; i < offered.Length; i++)
            {
                TreePeer p = preemptable[i].Parent;
                double rtt = EdgeRtt(peer, p, out bool measured);
                offered[i] = new ParentCandidate(p.Id, p.Url, p.Site, p.Depth, p.PathLatencyMs, double.IsFinite(rtt) ? rtt : null, measured ? RttSource.Measured : RttSource.Predicted, p.FreeSlots);
            }

            return TopologyResult<JoinOffer>.Ok(new JoinOffer(peer, IsLandmarkRound: false, offered));
        }

        if (_ranked.Count == 0)
        {
            if (created)
            {
                // A refused first join leaves no trace; the joiner simply tries again later.
                _peers.Remove(peer.Id);
                peer.State = PeerState.Removed;
            }

            return TopologyResult<JoinOffer>.Fail(TopologyStatus.NoEligibleParent, NoParentMessage(peer));
        }

        var candidates = new ParentCandidate[_ranked.Count];
        for (int i = 0; i < candidates.Length; i++)
        {
            candidates[i] = ToCandidate(_ranked[i]);
        }

        return TopologyResult<JoinOffer>.Ok(new JoinOffer(peer, IsLandmarkRound: false, candidates));
    }

    /// <summary>
    /// The joiner picks a parent: the first of <see cref="ConfirmRequest.PreferredParents"/> that can still take it wins
    /// the slot atomically; if all are taken (a lost race) the best other candidate is used instead. Fails only when no
    /// eligible parent has room.
    /// </summary>
    public TopologyResult<Attachment> Confirm(ConfirmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_peers.TryGetValue(request.PeerId ?? string.Empty, out TreePeer? peer))
        {
            return TopologyResult<Attachment>.Fail(TopologyStatus.UnknownPeer, $"peer '{request.PeerId}' has not joined stream '{Stream}'");
        }

        if (peer.State != PeerState.Pending)
        {
            return TopologyResult<Attachment>.Fail(TopologyStatus.DuplicatePeer, $"peer '{peer.Id}' is already attached");
        }

        IReadOnlyList<string> preferred = request.PreferredParents ?? [];
        string? problem = ValidateProbes(request.Probes);
        if (problem is null && preferred.Count > 32)
        {
            problem = "at most 32 preferred parents";
        }

        foreach (string id in preferred)
        {
            problem ??= PeerIdFormat.IsValid(id) ? null : "a preferred parent id is malformed";
        }

        if (problem is not null)
        {
            return TopologyResult<Attachment>.Fail(TopologyStatus.InvalidRequest, problem);
        }

        RecordProbes(peer, request.Probes);
        TreePeer? chosen = null;
        foreach (string id in preferred)
        {
            // A viewer that names an origin (say straight from the landmark round) still goes to a relay with room first.
            if (_peers.TryGetValue(id, out TreePeer? candidate) && _ranker.CanAdoptOutsideReserve(candidate, peer, 0))
            {
                chosen = candidate;
                break;
            }
        }

        if (chosen is null)
        {
            _ranker.Rank(peer, 0, null, 1, _ranked);
            chosen = _ranked.Count > 0 ? _ranked[0].Peer : null;
        }

        // Decided after the fallback: a viewer refused an origin's reserved slot may still get it when nothing else has room.
        bool lostRace = preferred.Count > 0 && (chosen is null || chosen.Id != preferred[0]);

        if (chosen is null && PickPreemption(peer, 0, preferred) is { } option)
        {
            peer.LastHeartbeat = Now;
            AddMember(peer);
            PeerMove displaced = ApplyPreemption(peer, option);
            ComputeBackups(peer);
            bool notFirstChoice = preferred.Count > 0 && option.Parent.Id != preferred[0];
            return TopologyResult<Attachment>.Ok(new Attachment(peer, option.Parent, notFirstChoice, [.. peer.BackupList]) { Displaced = [displaced] });
        }

        if (chosen is null)
        {
            return TopologyResult<Attachment>.Fail(TopologyStatus.NoEligibleParent, NoParentMessage(peer));
        }

        peer.LastHeartbeat = Now;
        AddMember(peer);
        Link(peer, chosen);
        ComputeBackups(peer);
        return TopologyResult<Attachment>.Ok(new Attachment(peer, chosen, lostRace, [.. peer.BackupList]));
    }

    private void RecordProbes(TreePeer peer, IReadOnlyList<RttSample>? probes)
    {
        if (probes is not null)
        {
            foreach (RttSample probe in probes)
            {
                if (_peers.TryGetValue(probe.PeerId, out TreePeer? target))
                {
                    RecordSample(peer, target, probe.RttMs);
                }
            }
        }

        if (!peer.HasCoordinate)
        {
            FitFromMeasurements(peer);
        }
    }

    private ParentCandidate[] LandmarkCandidates()
    {
        IReadOnlyList<TreePeer> landmarks = _landmarks.Current(Options.LandmarkCount);
        var candidates = new ParentCandidate[landmarks.Count];
        for (int i = 0; i < candidates.Length; i++)
        {
            TreePeer l = landmarks[i];
            candidates[i] = new ParentCandidate(l.Id, l.Url, l.Site, l.Depth, l.PathLatencyMs, null, RttSource.Predicted, l.FreeSlots);
        }

        return candidates;
    }

    private string NoParentMessage(TreePeer peer) =>
        $"no distributing peer of stream '{Stream}' with a free slot within depth {Options.MaxDepth} may feed site '{peer.Site}'";
}
