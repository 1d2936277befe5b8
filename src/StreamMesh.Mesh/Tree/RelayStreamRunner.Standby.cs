using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tree;

/// <content>
/// Warm standby (Tree:WarmStandby): a second WHEP session to the first backup, connected and receiving but not
/// forwarding, promoted without a handshake when the parent fails. It is connected and let go off the main loop, so a
/// slow or hung backup never delays noticing that the parent failed.
/// </content>
public sealed partial class RelayStreamRunner
{
    // Written by the background connect, taken by the main loop: one reference, swapped atomically.
    private WarmStandby? _standby;
    private Task _standbyConnecting = Task.CompletedTask;
    private Task _standbyClosing = Task.CompletedTask;

    /// <summary>The first backup this relay keeps a warm standby session to, if any.</summary>
    public string? StandbyParentId => Volatile.Read(ref _standby)?.BackupId;

    /// <summary>The standby's link if it is connected to <paramref name="parentId"/> and alive, taken out of standby.</summary>
    private UpstreamLink? TakeStandbyFor(string parentId)
    {
        if (Volatile.Read(ref _standby) is not { } standby || standby.BackupId != parentId || StandbyGone(standby.Link)
            || Interlocked.CompareExchange(ref _standby, null, standby) != standby)
        {
            return null;
        }

        tree.Upstream.StandbyPromoted(Stream);
        return standby.Link;
    }

    /// <summary>
    /// A standby is given up only when its connection is gone or it stayed silent past <see cref="EscalateAfter"/>. A
    /// shorter silence is the whole tree stalling (an origin starved of CPU), which the parent suffers just the same:
    /// dropping the standby then only bought a new handshake, and a promoted standby that resumes with the tree is
    /// never worse than a cold connection to the same backup.
    /// </summary>
    private bool StandbyGone(UpstreamLink link) =>
        link.GoodbyeReceived || link.Silence > EscalateAfter
        || link.Connection.State is Rtc.Peer.PeerConnectionState.Failed or Rtc.Peer.PeerConnectionState.Closed or Rtc.Peer.PeerConnectionState.Disconnected;

    /// <summary>The standby's backup, when it still receives: a peer the tracker may move us to at once.</summary>
    private string[]? ReachableStandby() => Volatile.Read(ref _standby) is { } standby && !IsLost(standby.Link) ? [standby.BackupId] : null;

    /// <summary>True when the standby must be dropped or (re)connected: it fell silent, or the first backup has a ticket we do not use yet.</summary>
    private bool StandbyStale(ParentAssignmentDto now, AssignmentBox latest)
    {
        var standby = Volatile.Read(ref _standby);
        if (standby is not null && StandbyGone(standby.Link))
        {
            return true;
        }

        return _standbyConnecting.IsCompleted && now.Backups.Count > 0 && now.Backups[0].PeerId != standby?.BackupId
            && latest.StandbyTicketFor(now.Backups[0].PeerId) is not null;
    }

    /// <summary>Keeps the warm standby on the current first backup: drops one that is stale, starts connecting a new one when the tracker gave a ticket.</summary>
    private void KeepStandby(ParentAssignmentDto current, AssignmentBox latest, CancellationToken cancellationToken)
    {
        var backup = current.Backups.Count > 0 ? current.Backups[0] : null;
        if (Volatile.Read(ref _standby) is { } existing && (backup is null || backup.PeerId != existing.BackupId || StandbyGone(existing.Link)))
        {
            DropStandby();
        }

        if (Volatile.Read(ref _standby) is not null || !_standbyConnecting.IsCompleted || backup?.Url is null
            || latest.StandbyTicketFor(backup.PeerId) is not { } ticket)
        {
            return;
        }

        // A ticket is single-use: whatever happens, this one is spent. While we hold no standby the heartbeats say so,
        // and the tracker sends a fresh ticket for another try.
        latest.ForgetStandbyTicket(backup.PeerId);
        _standbyConnecting = ConnectStandbyAsync(backup, ticket, cancellationToken);
    }

    private async Task ConnectStandbyAsync(CandidateDto backup, string ticket, CancellationToken cancellationToken)
    {
        var link = new UpstreamLink(_target, endpoint, time, loggers);
        try
        {
            await link.ConnectAsync(_http, WhepUrl(backup.Url!), ticket, ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TimeoutException or OperationCanceledException or Rtc.Sdp.SdpParseException or Rtc.Sdp.Negotiation.SdpNegotiationException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                LogAttachFailed(_logger, Stream, backup.PeerId, ex.Message);
            }

            await link.DisposeAsync().ConfigureAwait(false);
            return;
        }

        tree.Upstream.StandbyConnected(Stream, backup.PeerId);
        if (Interlocked.CompareExchange(ref _standby, new WarmStandby(link, backup.PeerId), null) is not null)
        {
            // Cannot happen while one connect runs at a time; never leak a session if it does.
            tree.Upstream.StandbyDropped(Stream);
            await link.DisposeAsync().ConfigureAwait(false);
            return;
        }

        LogStandbyConnected(_logger, Stream, backup.PeerId);
    }

    /// <summary>Lets the standby go; ending its session at the backup (up to a second) runs off the main loop.</summary>
    private void DropStandby()
    {
        if (Interlocked.Exchange(ref _standby, null) is not { } standby)
        {
            return;
        }

        tree.Upstream.StandbyDropped(Stream);
        var previous = _standbyClosing;
        _standbyClosing = CloseAsync(previous, standby.Link);

        static async Task CloseAsync(Task previous, UpstreamLink link)
        {
            await previous.ConfigureAwait(false);
            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>On shutdown: waits for a connect under way, then closes whatever standby is left.</summary>
    private async Task CloseStandbyAsync()
    {
        try
        {
            await _standbyConnecting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // cancelled with the runner
        }

        DropStandby();
        await _standbyClosing.ConfigureAwait(false);
    }
}
