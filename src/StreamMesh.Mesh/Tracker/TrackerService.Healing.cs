using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Healing;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Mesh.Tracker;

/// <content>
/// Fast healing: an unreachable report is acted on at once. The reporter is moved to a backup when one has room; the
/// reported peer is removed — freeing its slot and healing its other children — as soon as the tracker has evidence of
/// its own: its heartbeat is late beyond <see cref="Topology.Tree.TopologyOptions.SuspectTimeout"/>, a second peer
/// reports it, or the tracker's liveness check finds its process gone. One child alone can never evict a parent that
/// answers its health check and heartbeats on time (docs/relay-tree.md, "Healing rule").
/// </content>
public sealed partial class TrackerService
{
    /// <summary>Checks reported peers directly (GET /healthz); null relies on heartbeats and report counts only.</summary>
    public IPeerLivenessCheck? LivenessCheck { get; init; }

    /// <summary>Raised (outside the stream lock) after a stream's tree changed shape: join, leave, move, removal.</summary>
    public event EventHandler<string>? TreeChanged;

    /// <summary>
    /// <see cref="ReportUnreachable"/>, then — when the reporter is left without a parent — the liveness check of the
    /// reported peers, so a crashed parent is removed and the reporter placed in its freed slot within one answer.
    /// </summary>
    public async Task<TrackerResult<ParentAssignmentDto>> ReportUnreachableAsync(string stream, UnreachableRequestDto body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!body.Insist && LivenessCheck is { } early && await CheckReportedParentFirstAsync(stream, body, early, cancellationToken).ConfigureAwait(false) is { } stay)
        {
            return stay;
        }

        TrackerResult<ParentAssignmentDto> first = ReportUnreachable(stream, body);
        if (!first.IsSuccess || !_streams.TryGetValue(stream, out TrackedStream? tracked))
        {
            return first;
        }

        List<(string Id, string Url)> suspects = [];
        lock (tracked.Gate)
        {
            ForgetRemovedSessions(stream, tracked, body.Unreachable);
            ScheduleSuspectExpiry(stream, tracked);
            foreach (string id in body.Unreachable)
            {
                if (tracked.Tree.TryGetPeer(id, out TreePeer? suspect) && suspect.IsSuspected && suspect.Url is { } url)
                {
                    suspects.Add((id, url));
                }
            }
        }

        OnTreeChanged(stream);
        if (LivenessCheck is not { } check || suspects.Count == 0)
        {
            return first;
        }

        if (first.Value!.Parent is not null)
        {
            // The reporter is served already; the check only frees the suspect's slot for its siblings.
            _ = RemoveIfDeadAsync(stream, tracked, check, suspects, CancellationToken.None);
            return first;
        }

        if (!await RemoveIfDeadAsync(stream, tracked, check, suspects, cancellationToken).ConfigureAwait(false))
        {
            return first;
        }

        ParentAssignmentDto assignment;
        lock (tracked.Gate)
        {
            if (CheckSession<ParentAssignmentDto>(tracked, stream, body.PeerId, body.Session, out PeerSession? session) is { } denied)
            {
                return denied;
            }

            if (!tracked.Tree.TryGetPeer(body.PeerId, out TreePeer? peer))
            {
                return first;
            }

            assignment = Assignment(session, peer, tracked.Tree.GetBackups(peer), [], lostRace: false);
        }

        return TrackerResult<ParentAssignmentDto>.Success(WithTicket(stream, assignment));
    }

    /// <summary>
    /// A reporter that is not sure about its parent (silence only): check the parent before anything moves. Alive — the
    /// reporter stays where it is (its parent is most likely healing above it) and nobody is suspected. Dead — the parent
    /// is removed and the reporter already sits in its new place. Unknown — null, and the report takes its normal course.
    /// </summary>
    private async Task<TrackerResult<ParentAssignmentDto>?> CheckReportedParentFirstAsync(string stream, UnreachableRequestDto body, IPeerLivenessCheck check, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(stream, out TrackedStream? tracked))
        {
            return null;
        }

        string parentId;
        string url;
        lock (tracked.Gate)
        {
            if (!tracked.Tree.TryGetPeer(body.PeerId, out TreePeer? reporter) || reporter.Parent is not { Url: { } parentUrl } parent
                || !body.Unreachable.Contains(parent.Id))
            {
                return null;
            }

            parentId = parent.Id;
            url = parentUrl;
        }

        PeerLiveness liveness;
        try
        {
            liveness = await check.CheckAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        if (liveness == PeerLiveness.Unknown)
        {
            return null;
        }

        ParentAssignmentDto assignment;
        lock (tracked.Gate)
        {
            if (CheckSession<ParentAssignmentDto>(tracked, stream, body.PeerId, body.Session, out PeerSession? session) is { } denied)
            {
                return denied;
            }

            if (liveness == PeerLiveness.Dead && tracked.Tree.TryGetPeer(parentId, out _) && tracked.Tree.ConfirmFailed(parentId).IsOk)
            {
                tracked.Sessions.Remove(parentId);
                tracked.Churn.RecordLeave();
                TrackerLog.PeerConfirmedDead(_logger, stream, parentId);
            }

            if (!tracked.Tree.TryGetPeer(body.PeerId, out TreePeer? peer) || (liveness == PeerLiveness.Dead && peer.Parent is null))
            {
                // Still without a parent (no free slot): let the report detach it and keep it waiting.
                return null;
            }

            assignment = Assignment(session, peer, tracked.Tree.GetBackups(peer), [], lostRace: false);
            if (liveness == PeerLiveness.Alive)
            {
                TrackerLog.ReportOverruled(_logger, stream, body.PeerId, parentId);
            }
        }

        OnTreeChanged(stream);
        return TrackerResult<ParentAssignmentDto>.Success(WithTicket(stream, assignment));
    }

    private async Task<bool> RemoveIfDeadAsync(string stream, TrackedStream tracked, IPeerLivenessCheck check, List<(string Id, string Url)> suspects, CancellationToken cancellationToken)
    {
        var checks = new Task<PeerLiveness>[suspects.Count];
        for (int i = 0; i < checks.Length; i++)
        {
            checks[i] = check.CheckAsync(suspects[i].Url, cancellationToken);
        }

        PeerLiveness[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(checks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        int removed = 0;
        lock (tracked.Gate)
        {
            for (int i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i] == PeerLiveness.Dead && tracked.Tree.TryGetPeer(suspects[i].Id, out TreePeer? dead) && dead.IsSuspected
                    && tracked.Tree.ConfirmFailed(dead.Id).IsOk)
                {
                    tracked.Sessions.Remove(dead.Id);
                    tracked.Churn.RecordLeave();
                    TrackerLog.PeerConfirmedDead(_logger, stream, dead.Id);
                    removed++;
                }
            }
        }

        if (removed > 0)
        {
            OnTreeChanged(stream);
        }

        return removed > 0;
    }

    /// <summary>Peers the tree removed on a report (late heartbeat, several reporters) lose their session too. Under the lock.</summary>
    private void ForgetRemovedSessions(string stream, TrackedStream tracked, IReadOnlyList<string> ids)
    {
        foreach (string id in ids)
        {
            if (!tracked.Tree.TryGetPeer(id, out _) && tracked.Sessions.Remove(id))
            {
                tracked.Churn.RecordLeave();
                TrackerLog.PeerConfirmedDead(_logger, stream, id);
            }
        }
    }

    /// <summary>Arms the stream's one-shot timer for the earliest suspect deadline. Under the lock.</summary>
    private void ScheduleSuspectExpiry(string stream, TrackedStream tracked)
    {
        IReadOnlyList<(TreePeer Peer, DateTimeOffset Deadline)> deadlines = tracked.Tree.SuspectDeadlines();
        tracked.SuspectTimer?.Dispose();
        tracked.SuspectTimer = null;
        if (deadlines.Count == 0)
        {
            return;
        }

        DateTimeOffset first = deadlines.Min(d => d.Deadline);

        // A hair past the deadline: the tree compares "older than", so exactly at it the peer is still in grace.
        TimeSpan due = first - _time.GetUtcNow() + TimeSpan.FromMilliseconds(5);
        tracked.SuspectTimer = _time.CreateTimer(
            _ => ExpireSuspects(stream, tracked),
            null,
            due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }

    private void ExpireSuspects(string stream, TrackedStream tracked)
    {
        int removed;
        lock (tracked.Gate)
        {
            if (tracked.Closed)
            {
                return;
            }

            removed = ExpireSilent(stream, tracked);
            ScheduleSuspectExpiry(stream, tracked);
        }

        if (removed > 0)
        {
            OnTreeChanged(stream);
        }
    }

    /// <summary>Heartbeat expiry for one stream: removes late peers (suspects after their grace) and their sessions. Under the lock.</summary>
    private int ExpireSilent(string stream, TrackedStream tracked)
    {
        IReadOnlyList<RemovalReport> expired = tracked.Tree.ExpireSilentPeers();
        foreach (RemovalReport report in expired)
        {
            tracked.Sessions.Remove(report.Removed.Id);
        }

        if (expired.Count > 0)
        {
            tracked.Churn.RecordLeave(expired.Count);
            TrackerLog.PeersExpired(_logger, stream, expired.Count);
        }

        return expired.Count;
    }

    private void OnTreeChanged(string stream) => TreeChanged?.Invoke(this, stream);
}
