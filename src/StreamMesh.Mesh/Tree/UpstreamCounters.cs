using System.Collections.Concurrent;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// How this node's upstream links came about, for <c>/metrics</c>: every ICE/DTLS handshake toward a parent or a warm
/// standby, and every switch that promoted a standby instead (no handshake). Healing is proven warm by the second
/// going up while the first stays put.
/// </summary>
public sealed class UpstreamCounters
{
    private readonly ConcurrentDictionary<string, string> _standbys = new(StringComparer.Ordinal);
    private long _parentHandshakes;
    private long _standbyHandshakes;
    private long _standbyPromotions;

    /// <summary>Connections to a new parent that went through ICE and DTLS.</summary>
    public long ParentHandshakes => Interlocked.Read(ref _parentHandshakes);

    /// <summary>Warm standby sessions established (each one an ICE and DTLS handshake).</summary>
    public long StandbyHandshakes => Interlocked.Read(ref _standbyHandshakes);

    /// <summary>Parent switches onto a connected standby, without a handshake.</summary>
    public long StandbyPromotions => Interlocked.Read(ref _standbyPromotions);

    /// <summary>The backup each stream keeps a connected standby to now.</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> Standbys => _standbys;

    public void ParentConnected() => Interlocked.Increment(ref _parentHandshakes);

    public void StandbyConnected(string stream, string backup)
    {
        Interlocked.Increment(ref _standbyHandshakes);
        _standbys[stream] = backup;
    }

    public void StandbyPromoted(string stream)
    {
        Interlocked.Increment(ref _standbyPromotions);
        _standbys.TryRemove(stream, out _);
    }

    public void StandbyDropped(string stream) => _standbys.TryRemove(stream, out _);
}
