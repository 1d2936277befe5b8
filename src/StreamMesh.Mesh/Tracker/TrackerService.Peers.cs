using System.Net;
using System.Security.Cryptography;
using System.Text;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Tickets;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Mesh.Tracker;

/// <content>Peer operations: join, confirm, heartbeat, leave, unreachable reports and ticket checks.</content>
public sealed partial class TrackerService
{
    /// <summary>A joiner asks for candidates (or landmarks in a first round).</summary>
    public TrackerResult<JoinResponseDto> Join(string stream, JoinRequestDto body, IPAddress? remote)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!TryGetStream(stream, out TrackedStream? tracked, out TrackerResult<JoinResponseDto> refusal))
        {
            return refusal;
        }

        if (!Enum.IsDefined(body.Role) || body.Role == TrackerPeerRole.Origin)
        {
            return Refuse<JoinResponseDto>(422, "Invalid request", "role must be relay, viewer or relayCapableViewer; origins register at /origins");
        }

        bool relays = body.Role == TrackerPeerRole.Relay || (body.Role == TrackerPeerRole.RelayCapableViewer && body.Capacity > 0);
        if (relays && string.IsNullOrWhiteSpace(body.Url))
        {
            return Refuse<JoinResponseDto>(422, "Invalid request", "url (the peer's WHEP base URL) is required for peers that relay");
        }

        RttSample[]? probes = TrackerDtoMapper.FromDto(body.Probes);
        if (probes is null)
        {
            return Refuse<JoinResponseDto>(422, "Invalid request", "probes must not contain null entries");
        }

        var request = new JoinRequest(
            new PeerDeclaration(body.PeerId, TrackerDtoMapper.FromDto(body.Role), body.Capacity)
            {
                Url = body.Url,
                Site = body.Site,
                Address = remote,
                Coordinate = TrackerDtoMapper.FromDto(body.Coordinate),
            },
            probes);

        lock (tracked.Gate)
        {
            StreamTree tree = tracked.Tree;
            PeerSession? session = null;
            if (tree.TryGetPeer(body.PeerId, out TreePeer? existing) && existing.State == PeerState.Pending)
            {
                if (!tracked.Sessions.TryGetValue(existing.Id, out session) || !SameSecret(session.Token, body.Session))
                {
                    return Refuse<JoinResponseDto>(409, "Duplicate peer", $"peer id '{body.PeerId}' is in use by another joiner; a second join round must send its session");
                }
            }
            else if (existing is null && tree.Members.Count + tree.PendingCount >= _options.MaxPeersPerStream)
            {
                return Refuse<JoinResponseDto>(409, "Stream full", $"stream '{stream}' already has {_options.MaxPeersPerStream} peers");
            }

            TopologyResult<JoinOffer> result = tree.Join(request);
            if (!result.IsOk)
            {
                return FromTopology<JoinResponseDto>(result.Status, result.Message);
            }

            JoinOffer offer = result.Value!;
            if (session is null)
            {
                session = new PeerSession(NewSecret());
                tracked.Sessions[offer.Peer.Id] = session;
            }

            return TrackerResult<JoinResponseDto>.Success(new JoinResponseDto
            {
                Stream = stream,
                PeerId = offer.Peer.Id,
                Session = session.Token,
                Site = offer.Peer.Site,
                LandmarkRound = offer.IsLandmarkRound,
                Coordinate = TrackerDtoMapper.CoordinateOf(offer.Peer),
                Candidates = [.. offer.Candidates.Select(TrackerDtoMapper.ToDto)],
            });
        }
    }

    /// <summary>The joiner picks its parent; the slot is reserved atomically and a ticket for that parent issued.</summary>
    public TrackerResult<ParentAssignmentDto> Confirm(string stream, ConfirmRequestDto body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!TryGetStream(stream, out TrackedStream? tracked, out TrackerResult<ParentAssignmentDto> refusal))
        {
            return refusal;
        }

        RttSample[]? probes = TrackerDtoMapper.FromDto(body.Probes);
        if (probes is null || body.Parents.Any(p => p is null))
        {
            return Refuse<ParentAssignmentDto>(422, "Invalid request", "parents and probes must not contain null entries");
        }

        ParentAssignmentDto assignment;
        lock (tracked.Gate)
        {
            if (CheckSession<ParentAssignmentDto>(tracked, stream, body.PeerId, body.Session, out PeerSession? session) is { } denied)
            {
                return denied;
            }

            TopologyResult<Attachment> result = tracked.Tree.Confirm(new ConfirmRequest(body.PeerId, body.Parents, probes));
            if (!result.IsOk)
            {
                return FromTopology<ParentAssignmentDto>(result.Status, result.Message);
            }

            Attachment attached = result.Value!;
            assignment = Assignment(session, attached.Peer, attached.Backups, [], attached.LostRace);
            tracked.Churn.RecordJoin();
            TrackerLog.PeerAttached(_logger, stream, attached.Peer.Id, attached.Parent.Id, attached.LostRace);
        }

        OnTreeChanged(stream);

        return TrackerResult<ParentAssignmentDto>.Success(WithTicket(stream, assignment));
    }

    /// <summary>A peer reports it is alive (with RTTs and stats) and learns its current parent, backups and what to probe.</summary>
    public TrackerResult<ParentAssignmentDto> Heartbeat(string stream, HeartbeatRequestDto body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!TryGetStream(stream, out TrackedStream? tracked, out TrackerResult<ParentAssignmentDto> refusal))
        {
            return refusal;
        }

        RttSample[]? samples = TrackerDtoMapper.FromDto(body.Samples);
        if (samples is null)
        {
            return Refuse<ParentAssignmentDto>(422, "Invalid request", "samples must not contain null entries");
        }

        if (TrackerDtoMapper.ValidateStats(body.Stats) is { } badStats)
        {
            return Refuse<ParentAssignmentDto>(422, "Invalid request", badStats);
        }

        ParentAssignmentDto assignment;
        lock (tracked.Gate)
        {
            if (CheckSession<ParentAssignmentDto>(tracked, stream, body.PeerId, body.Session, out PeerSession? session) is { } denied)
            {
                return denied;
            }

            TopologyResult<HeartbeatReply> result = tracked.Tree.Heartbeat(body.PeerId, new HeartbeatReport(body.ParentRttMs, samples, TrackerDtoMapper.FromDto(body.Stats)));
            if (!result.IsOk)
            {
                return FromTopology<ParentAssignmentDto>(result.Status, result.Message);
            }

            HeartbeatReply reply = result.Value!;
            if (body.Stats is not null)
            {
                session.Stats = body.Stats;
            }

            assignment = Assignment(session, reply.Peer, reply.Backups, reply.ProbeSuggestions, lostRace: false, body.WarmStandby ? new HeldStandby(body.StandbyParent) : null);
        }

        return TrackerResult<ParentAssignmentDto>.Success(WithTicket(stream, assignment));
    }

    /// <summary>A peer leaves; its children are moved to their backups at once.</summary>
    public TrackerResult<LeaveResponseDto> Leave(string stream, SessionRequestDto body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!TryGetStream(stream, out TrackedStream? tracked, out TrackerResult<LeaveResponseDto> refusal))
        {
            return refusal;
        }

        LeaveResponseDto leave;
        lock (tracked.Gate)
        {
            if (CheckSession<LeaveResponseDto>(tracked, stream, body.PeerId, body.Session, out _) is { } denied)
            {
                return denied;
            }

            TopologyResult<RemovalReport> result = tracked.Tree.Leave(body.PeerId);
            if (!result.IsOk)
            {
                return FromTopology<LeaveResponseDto>(result.Status, result.Message);
            }

            tracked.Sessions.Remove(body.PeerId);
            tracked.Churn.RecordLeave();
            int moved = result.Value!.Moves.Count(m => m.To is not null);
            int detached = result.Value.Moves.Count - moved;
            TrackerLog.PeerLeft(_logger, stream, body.PeerId, moved, detached);
            leave = new LeaveResponseDto { PeerId = body.PeerId, ChildrenMoved = moved, ChildrenDetached = detached };
        }

        OnTreeChanged(stream);
        return TrackerResult<LeaveResponseDto>.Success(leave);
    }

    /// <summary>
    /// A child lost its parent (or could not reach a backup): those peers are suspected and the child is moved to its next
    /// valid backup without probing. The answer carries the new parent and a ticket for it.
    /// </summary>
    public TrackerResult<ParentAssignmentDto> ReportUnreachable(string stream, UnreachableRequestDto body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!TryGetStream(stream, out TrackedStream? tracked, out TrackerResult<ParentAssignmentDto> refusal))
        {
            return refusal;
        }

        if (body.Unreachable.Any(p => p is null) || (body.Reachable?.Any(p => p is null) ?? false))
        {
            return Refuse<ParentAssignmentDto>(422, "Invalid request", "unreachable and reachable must not contain null entries");
        }

        ParentAssignmentDto assignment;
        lock (tracked.Gate)
        {
            if (CheckSession<ParentAssignmentDto>(tracked, stream, body.PeerId, body.Session, out PeerSession? session) is { } denied)
            {
                return denied;
            }

            TopologyResult<PeerMove> result = tracked.Tree.ReportUnreachable(body.PeerId, body.Unreachable, body.Reachable);
            if (!result.IsOk)
            {
                return FromTopology<ParentAssignmentDto>(result.Status, result.Message);
            }

            TreePeer peer = result.Value!.Peer;
            TrackerLog.UnreachableReported(_logger, stream, peer.Id, body.Unreachable.Count);
            assignment = Assignment(session, peer, tracked.Tree.GetBackups(peer), [], lostRace: false);
        }

        return TrackerResult<ParentAssignmentDto>.Success(WithTicket(stream, assignment));
    }

    /// <summary>Checks a ticket for a parent that prefers asking the tracker over verifying it locally. Consumes the ticket.</summary>
    public TrackerResult<TicketCheckResponseDto> CheckTicket(string stream, TicketCheckRequestDto body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!TryGetStream(stream, out TrackedStream? tracked, out TrackerResult<TicketCheckResponseDto> refusal))
        {
            return refusal;
        }

        TicketVerification verification = _verifier.Verify(body.Ticket, body.ParentId, stream);
        TicketClaims? claims = verification.Claims;
        switch (verification.Status)
        {
            case TicketStatus.Malformed:
                return Refuse<TicketCheckResponseDto>(400, "Malformed ticket", "the ticket is not an ES256 compact JWS issued by this tracker");
            case TicketStatus.BadSignature:
                return Refuse<TicketCheckResponseDto>(403, "Invalid ticket", "the ticket signature does not verify with the tracker key (forged or altered)");
            case TicketStatus.Expired:
                return Refuse<TicketCheckResponseDto>(403, "Expired ticket", $"the ticket expired at {claims!.ExpiresAt:O}");
            case TicketStatus.WrongParent:
                return Refuse<TicketCheckResponseDto>(403, "Invalid ticket", $"the ticket was issued for parent '{claims!.ParentId}', not '{body.ParentId}'");
            case TicketStatus.WrongStream:
                return Refuse<TicketCheckResponseDto>(403, "Invalid ticket", $"the ticket was issued for stream '{claims!.Stream}'");
            case TicketStatus.Replayed:
                return Refuse<TicketCheckResponseDto>(409, "Ticket already used", "each ticket is single-use");
        }

        lock (tracked.Gate)
        {
            if (!tracked.Tree.TryGetPeer(claims!.ChildId, out TreePeer? child) || child.Parent?.Id != claims.ParentId)
            {
                return Refuse<TicketCheckResponseDto>(409, "Slot released", $"peer '{claims.ChildId}' is no longer assigned to '{claims.ParentId}'");
            }
        }

        return TrackerResult<TicketCheckResponseDto>.Success(new TicketCheckResponseDto
        {
            Stream = claims.Stream,
            ChildId = claims.ChildId,
            ParentId = claims.ParentId,
            ExpiresAt = claims.ExpiresAt,
        });
    }

    // A peer without its standby gets a fresh ticket this often at most: enough to retry, not one per heartbeat.
    private static readonly TimeSpan StandbyTicketRetry = TimeSpan.FromSeconds(1);

    // Marks an assignment whose standby ticket WithTicket must sign; compared by reference, never sent.
    private static readonly string StandbyTicketPending = new('-', 1);

    private static bool SameSecret(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    private TrackerResult<T>? CheckSession<T>(TrackedStream tracked, string stream, string peerId, string session, out PeerSession found)
        where T : class
    {
        if (!tracked.Sessions.TryGetValue(peerId ?? string.Empty, out PeerSession? s))
        {
            found = null!;
            return Refuse<T>(404, "Unknown peer", $"peer '{peerId}' is not part of stream '{stream}'");
        }

        found = s;
        return SameSecret(s.Token, session) ? null : Refuse<T>(403, "Wrong session", $"the session does not belong to peer '{peerId}'");
    }

    /// <summary>Builds the assignment under the stream lock; the ticket is added by <see cref="WithTicket"/> outside it.</summary>
    private ParentAssignmentDto Assignment(PeerSession session, TreePeer peer, IReadOnlyList<TreePeer> backups, IReadOnlyList<TreePeer> probe, bool lostRace, HeldStandby? held = null)
    {
        bool changed = peer.Parent is not null && peer.ParentEpoch != session.TicketedEpoch;
        if (changed)
        {
            session.TicketedEpoch = peer.ParentEpoch;
        }

        // A standby ticket goes out with every parent ticket and whenever the first backup changes; and again, at most
        // once per StandbyTicketRetry, to a peer whose heartbeat says it holds no standby to that backup (its standby
        // dropped, or connecting failed and spent the ticket), else it would stay without one until the backup changed.
        string? firstBackup = backups.Count > 0 ? backups[0].Id : null;
        DateTimeOffset now = _time.GetUtcNow();
        bool missing = held is { } h && h.Parent != firstBackup && now - session.StandbyTicketedAt >= StandbyTicketRetry;
        bool standby = firstBackup is not null && peer.Parent is not null && (changed || firstBackup != session.StandbyTicketedFor || missing);
        if (standby)
        {
            session.StandbyTicketedFor = firstBackup;
            session.StandbyTicketedAt = now;
        }

        return new ParentAssignmentDto
        {
            PeerId = peer.Id,
            State = TrackerDtoMapper.StateName(peer.State),
            Parent = peer.Parent is { } parent ? TrackerDtoMapper.ToCandidate(parent) with { RttMs = TrackerDtoMapper.Round(peer.ParentRttMs), RttSource = peer.ParentRttMeasured ? "measured" : "predicted" } : null,
            ParentChanged = changed,
            LostRace = lostRace,
            Depth = peer.Depth,
            PathLatencyMs = TrackerDtoMapper.Round(peer.PathLatencyMs),
            Backups = [.. backups.Select(TrackerDtoMapper.ToCandidate)],
            Probe = [.. probe.Select(TrackerDtoMapper.ToCandidate)],
            HeartbeatIntervalMs = HeartbeatIntervalMs,
            StandbyTicket = standby ? StandbyTicketPending : null,
        };
    }

    /// <summary>Signs the tickets <see cref="Assignment"/> asked for (outside the stream lock).</summary>
    private ParentAssignmentDto WithTicket(string stream, ParentAssignmentDto assignment)
    {
        bool standby = ReferenceEquals(assignment.StandbyTicket, StandbyTicketPending) && assignment.Backups.Count > 0;
        if (!standby && (!assignment.ParentChanged || assignment.Parent is null))
        {
            return assignment with { StandbyTicket = null };
        }

        DateTimeOffset expires = _time.GetUtcNow() + _options.TicketLifetime;
        expires = DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds());
        string? standbyTicket = standby ? _issuer.Issue(stream, assignment.PeerId, assignment.Backups[0].PeerId, expires) : null;
        if (!assignment.ParentChanged || assignment.Parent is null)
        {
            return assignment with { StandbyTicket = standbyTicket };
        }

        return assignment with
        {
            Ticket = _issuer.Issue(stream, assignment.PeerId, assignment.Parent.PeerId, expires),
            TicketExpiresAt = expires,
            StandbyTicket = standbyTicket,
        };
    }
}
