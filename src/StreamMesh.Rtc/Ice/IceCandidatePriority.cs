namespace StreamMesh.Rtc.Ice;

/// <summary>Priority formulas of RFC 8445.</summary>
public static class IceCandidatePriority
{
    /// <summary>The only component: RTP and RTCP are multiplexed (RFC 5761, RFC 8843 bundle).</summary>
    public const int RtpComponent = 1;

    /// <summary>Local preference of a single-homed host (RFC 8445 §5.1.2.1).</summary>
    public const ushort MaxLocalPreference = 65535;

    /// <summary>The recommended type preferences (RFC 8445 §5.1.2.2): host 126, prflx 110, srflx 100, relay 0.</summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };

    /// <summary>
    /// RFC 8445 §5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 - component ID).
    /// </summary>
    public static uint ForCandidate(IceCandidateType type, ushort localPreference, int componentId = RtpComponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(componentId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentId, 256);
        return ((uint)TypePreference(type) << 24) + ((uint)localPreference << 8) + (uint)(256 - componentId);
    }

    /// <summary>The local preference encoded in a candidate priority.</summary>
    public static ushort LocalPreferenceOf(uint priority) => (ushort)(priority >> 8);

    /// <summary>
    /// RFC 8445 §6.1.2.3: pair priority = 2^32 * MIN(G, D) + 2 * MAX(G, D) + (G &gt; D ? 1 : 0), where G is
    /// the priority of the controlling agent's candidate and D the controlled agent's.
    /// </summary>
    public static ulong ForPair(uint controllingPriority, uint controlledPriority)
    {
        ulong g = controllingPriority;
        ulong d = controlledPriority;
        return (Math.Min(g, d) << 32) + (2 * Math.Max(g, d)) + (g > d ? 1ul : 0ul);
    }
}
