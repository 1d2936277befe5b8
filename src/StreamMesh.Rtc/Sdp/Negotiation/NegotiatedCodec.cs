using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// The codec a media section settled on. The payload type is the same in both directions (the answer reuses
/// the offer's numbers). <see cref="LocalParameters"/> are the fmtp this side wrote — what it can receive —
/// and <see cref="RemoteParameters"/> what the peer wrote, which bound what this side may send.
/// </summary>
public sealed record NegotiatedCodec
{
    public required int PayloadType { get; init; }

    public required string Name { get; init; }

    public required int ClockRate { get; init; }

    public required int Channels { get; init; }

    public required FormatParameters LocalParameters { get; init; }

    public required FormatParameters RemoteParameters { get; init; }

    /// <summary>
    /// For H.264 only: the profile and highest level this side may send (RFC 6184 §8.2.2 — the peer's
    /// receive level under level asymmetry, otherwise the lower of both levels). Null for other codecs.
    /// </summary>
    public H264ProfileLevelId? SendProfileLevelId { get; init; }

    public bool IsNamed(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);

    public override string ToString() =>
        $"{SdpNumber.Format(PayloadType)} {Name}/{SdpNumber.Format(ClockRate)}/{SdpNumber.Format(Channels)}";
}
