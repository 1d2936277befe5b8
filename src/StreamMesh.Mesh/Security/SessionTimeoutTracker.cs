using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// Decides which sessions have outlived their handshake or idle allowance, from periodic snapshots of their
/// connection states. Pure bookkeeping (no I/O): the caller scans, this answers which to reap. Not thread-safe;
/// one scanner calls it. A session's age counts from the first scan that saw it (at most one scan period late).
/// </summary>
public sealed class SessionTimeoutTracker(TimeSpan handshakeTimeout, TimeSpan idleTimeout)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _present = new(StringComparer.Ordinal);

    /// <summary>Sessions being watched.</summary>
    public int Count => _entries.Count;

    /// <summary>Records the states at <paramref name="now"/> and returns the sessions to reap, with the reason.</summary>
    public IReadOnlyList<(string Id, SessionTimeout Reason)> Scan(DateTimeOffset now, IEnumerable<(string Id, PeerConnectionState State)> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var reap = new List<(string, SessionTimeout)>();
        _present.Clear();
        foreach ((string id, PeerConnectionState state) in sessions)
        {
            _present.Add(id);
            if (!_entries.TryGetValue(id, out Entry? entry))
            {
                entry = new Entry(now);
                _entries[id] = entry;
            }

            switch (state)
            {
                case PeerConnectionState.Connected:
                    entry.EverConnected = true;
                    entry.DisconnectedSince = null;
                    break;
                case PeerConnectionState.Disconnected when entry.EverConnected:
                    entry.DisconnectedSince ??= now;
                    if (now - entry.DisconnectedSince.Value >= idleTimeout)
                    {
                        reap.Add((id, SessionTimeout.Idle));
                    }

                    break;
                case PeerConnectionState.Failed or PeerConnectionState.Closed:
                    break; // the registry removes these itself
                default:
                    if (!entry.EverConnected && now - entry.FirstSeen >= handshakeTimeout)
                    {
                        reap.Add((id, SessionTimeout.Handshake));
                    }

                    break;
            }
        }

        // Forget sessions that have gone (deleted, failed, reaped) so the table stays the size of the registry.
        if (_entries.Count > _present.Count)
        {
            var gone = new List<string>();
            foreach (string id in _entries.Keys)
            {
                if (!_present.Contains(id))
                {
                    gone.Add(id);
                }
            }

            foreach (string id in gone)
            {
                _entries.Remove(id);
            }
        }

        return reap;
    }

    private sealed class Entry(DateTimeOffset firstSeen)
    {
        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public bool EverConnected { get; set; }

        public DateTimeOffset? DisconnectedSince { get; set; }
    }
}
