namespace StreamMesh.Mesh.Security;

/// <summary>Refusals by limit and reaped sessions by reason, for /metrics. Thread-safe.</summary>
public sealed class LimitCounters
{
    private readonly long[] _refusals = new long[Enum.GetValues<LimitKind>().Length];
    private long _reapedHandshake;
    private long _reapedIdle;

    /// <summary>Refusals caused by <paramref name="kind"/>.</summary>
    public long Refusals(LimitKind kind) => Interlocked.Read(ref _refusals[(int)kind]);

    /// <summary>WHEP sessions removed because ICE/DTLS did not complete in time.</summary>
    public long ReapedHandshake => Interlocked.Read(ref _reapedHandshake);

    /// <summary>WHEP sessions removed after staying disconnected too long.</summary>
    public long ReapedIdle => Interlocked.Read(ref _reapedIdle);

    /// <summary>Every refusal count with its Prometheus label value.</summary>
    public IEnumerable<(string Label, long Value)> All()
    {
        foreach (LimitKind kind in Enum.GetValues<LimitKind>())
        {
            yield return (LabelOf(kind), Refusals(kind));
        }
    }

    public void Count(LimitKind kind) => Interlocked.Increment(ref _refusals[(int)kind]);

    public void CountReaped(SessionTimeout reason) =>
        Interlocked.Increment(ref reason == SessionTimeout.Handshake ? ref _reapedHandshake : ref _reapedIdle);

    public static string LabelOf(LimitKind kind) => kind switch
    {
        LimitKind.MaxViewers => "max_viewers",
        LimitKind.SessionRate => "session_rate",
        LimitKind.TrackerRate => "tracker_rate",
        LimitKind.BodySize => "body_size",
        LimitKind.AdminToken => "admin_token",
        LimitKind.AddressTableFull => "address_table_full",
        _ => "other",
    };
}
