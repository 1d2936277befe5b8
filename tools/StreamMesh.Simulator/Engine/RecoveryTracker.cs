using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Engine;

/// <summary>
/// Plays the child's side of healing on the event loop. A child that loses its parent notices after a media gap
/// (or at once on a goodbye), reports the parent unreachable to the tracker, which answers with the first valid backup
/// (no new probing). Before reporting, the child pings its known backups (one STUN binding each, in parallel) and names
/// the silent ones as unreachable and the first answering one as reachable, so the tracker does not hand it a dead
/// backup. On the answer it connects to the new parent (a few RTTs) while pinging it and the fresh backups; if the parent
/// stays silent for 3 predicted RTTs + 50 ms (at least 250 ms) it reports again at once. A child left without a parent asks again every second until
/// improvement finds it a slot.
/// </summary>
public sealed class RecoveryTracker
{
    private readonly TreeSession _session;
    private readonly SimulationLoop _loop;
    private readonly Dictionary<SimPeer, OrphanRecord> _open = [];
    private readonly List<OrphanRecord> _all = [];

    /// <summary>Creates a tracker bound to a session and its loop.</summary>
    public RecoveryTracker(TreeSession session, SimulationLoop loop)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(loop);
        _session = session;
        _loop = loop;
    }

    /// <summary>Every orphan seen, in order.</summary>
    public IReadOnlyList<OrphanRecord> Records => _all;

    /// <summary>The record of a peer still recovering, if any.</summary>
    public OrphanRecord? OpenRecord(SimPeer peer) => _open.GetValueOrDefault(peer);

    /// <summary>
    /// <paramref name="child"/> lost <paramref name="lostParent"/> at <paramref name="lostAtMs"/> and notices it
    /// <paramref name="noticeDelayMs"/> later.
    /// </summary>
    public void ParentLost(SimPeer child, SimPeer lostParent, double lostAtMs, double noticeDelayMs)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(lostParent);
        if (Open(child, lostAtMs) is { } record)
        {
            _loop.At(lostAtMs + noticeDelayMs, () => CheckBackupsThenSend(record, lostParent, 0));
        }
    }

    /// <summary>
    /// The tracker re-homed <paramref name="peer"/> as part of healing someone else's subtree; the peer notices its
    /// media stalled and asks the tracker where it belongs now.
    /// </summary>
    public void Rehomed(SimPeer peer, double lostAtMs)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (Open(peer, lostAtMs) is { } record)
        {
            _loop.At(Math.Max(_loop.Now, lostAtMs + _session.Settings.DetectMs), () => Send(record, [], []));
        }
    }

    private OrphanRecord? Open(SimPeer peer, double lostAtMs)
    {
        if (!peer.Alive || peer.Node is null)
        {
            return null;
        }

        if (!_open.TryGetValue(peer, out OrphanRecord? record))
        {
            record = new OrphanRecord(peer, lostAtMs, SubtreeSize(peer.Node));
            _open[peer] = record;
            _all.Add(record);
        }

        return record;
    }

    /// <summary>Starts a recovery for every peer the tracker re-homed in a cascade.</summary>
    public void FollowCascade(PeerMove move, double lostAtMs)
    {
        ArgumentNullException.ThrowIfNull(move);
        foreach (PeerMove part in move.Cascade)
        {
            Rehomed(_session.Of(part.Peer), lostAtMs);
            FollowCascade(part, lostAtMs);
        }
    }

    /// <summary>
    /// Pings the known backups in parallel and reports as soon as the first one in list order has answered (and every one
    /// before it has timed out): the parent and the silent backups as unreachable, the answering ones as reachable.
    /// </summary>
    /// <param name="record">The orphan.</param>
    /// <param name="lost">The parent it lost or could not reach.</param>
    /// <param name="elapsed">How long the pings have already been under way, ms.</param>
    private void CheckBackupsThenSend(OrphanRecord record, SimPeer lost, double elapsed)
    {
        var unreachable = new List<string> { lost.Id };
        var reachable = new List<string>();
        double wait = 0;
        foreach (TreePeer backup in record.Peer.KnownBackups)
        {
            if (backup.State == PeerState.Removed || ReferenceEquals(_session.Of(backup), lost))
            {
                continue;
            }

            SimPeer host = _session.Of(backup);
            double rtt = _session.Underlay.Rtt(record.Peer, host);
            if (host.Alive && rtt <= _session.Settings.BackupPingWaitMs)
            {
                reachable.Add(backup.Id);
                wait = Math.Max(wait, rtt);
                break;
            }

            unreachable.Add(backup.Id);
            wait = Math.Max(wait, Math.Min(Math.Max(100, 2 * rtt), _session.Settings.BackupPingWaitMs));
        }

        _loop.At(_loop.Now + Math.Max(0, wait - elapsed), () => Send(record, unreachable, reachable));
    }

    private void Send(OrphanRecord record, IReadOnlyList<string> unreachable, IReadOnlyList<string> reachable)
    {
        record.Reports++;
        _loop.At(_loop.Now + _session.ToTracker(record.Peer), () => Process(record, unreachable, reachable));
    }

    private void Process(OrphanRecord record, IReadOnlyList<string> unreachable, IReadOnlyList<string> reachable)
    {
        SimPeer child = record.Peer;
        if (!IsStillHere(record))
        {
            return;
        }

        TopologyResult<PeerMove> result = _session.Tree.ReportUnreachable(child.Id, unreachable, reachable);
        if (result.Value is { } move)
        {
            FollowCascade(move, record.LostAtMs);
        }

        // The tracker's answer carries the new parent and the backups valid now.
        child.KnownBackups = _session.Tree.GetBackups(child.Node!);
        _loop.At(_loop.Now + _session.ToTracker(child), () => Respond(record));
    }

    private void Respond(OrphanRecord record)
    {
        if (!IsStillHere(record))
        {
            return;
        }

        SimPeer child = record.Peer;
        if (child.Node!.Parent is not { } parentNode)
        {
            _loop.At(_loop.Now + _session.Settings.DetachedRetryMs, () => Send(record, [], []));
            return;
        }

        SimPeer parent = _session.Of(parentNode);
        if (parent.Alive)
        {
            _loop.At(_loop.Now + _session.ConnectMs(child, parent), () => Connected(record, parent));
        }
        else
        {
            // The child pings the new parent (and the fresh backups) while it starts connecting; silence for three RTTs
            // (as the tracker predicted them — predictions can be well off) plus a margin means dead.
            double timeout = Math.Max(_session.Settings.ConnectTimeoutMinMs, (3 * _session.Tree.PredictRttMs(child.Node, parentNode)) + 50);
            if (!double.IsFinite(timeout))
            {
                timeout = 1_000;
            }

            _loop.At(_loop.Now + timeout, () => CheckBackupsThenSend(record, parent, timeout));
        }
    }

    private void Connected(OrphanRecord record, SimPeer parent)
    {
        if (!IsStillHere(record))
        {
            return;
        }

        if (record.Peer.Node!.Parent is { } current && ReferenceEquals(_session.Of(current), parent) && parent.Alive)
        {
            record.ReattachedAtMs = _loop.Now;
            _open.Remove(record.Peer);
            return;
        }

        // The tracker moved it again meanwhile (or the parent died): follow the new assignment.
        Respond(record);
    }

    private bool IsStillHere(OrphanRecord record)
    {
        SimPeer child = record.Peer;
        if (child.Alive && child.Node is { State: not PeerState.Removed })
        {
            return true;
        }

        record.Gone = true;
        _open.Remove(child);
        return false;
    }

    private static int SubtreeSize(TreePeer node)
    {
        int size = 0;
        var stack = new Stack<TreePeer>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            TreePeer n = stack.Pop();
            size++;
            foreach (TreePeer c in n.Children)
            {
                stack.Push(c);
            }
        }

        return size;
    }
}
