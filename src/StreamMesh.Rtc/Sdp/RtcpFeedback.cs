namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// An RTCP feedback capability as named in "a=rtcp-fb" (RFC 4585 §4.2): a type ("nack", "ccm", "goog-remb",
/// "transport-cc") and an optional parameter ("pli", "fir").
/// </summary>
public readonly record struct RtcpFeedback(string Type, string? Parameter = null)
{
    /// <summary>Generic NACK (RFC 4585 §6.2.1).</summary>
    public static RtcpFeedback Nack { get; } = new("nack");

    /// <summary>Picture Loss Indication (RFC 4585 §6.3.1).</summary>
    public static RtcpFeedback NackPli { get; } = new("nack", "pli");

    /// <summary>Full Intra Request (RFC 5104 §7.1).</summary>
    public static RtcpFeedback CcmFir { get; } = new("ccm", "fir");

    /// <summary>Receiver Estimated Max Bitrate (draft-alvestrand-rmcat-remb).</summary>
    public static RtcpFeedback GoogRemb { get; } = new("goog-remb");

    /// <summary>Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions).</summary>
    public static RtcpFeedback TransportCc { get; } = new("transport-cc");

    public bool Equals(RtcpFeedback other) =>
        string.Equals(Type, other.Type, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Parameter, other.Parameter, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(
        Type is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Type),
        Parameter is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Parameter));

    public override string ToString() => Parameter is null ? Type : $"{Type} {Parameter}";
}
