namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// Everything a media section says about one RTP payload type: its rtpmap (or the RFC 3551 static
/// assignment), fmtp parameters and the rtcp-fb lines that apply to it, including "*" wildcards.
/// </summary>
public sealed record SdpPayloadFormat(
    int PayloadType,
    string EncodingName,
    int ClockRate,
    int? Channels,
    FormatParameters Parameters,
    IReadOnlyList<RtcpFeedback> RtcpFeedback)
{
    /// <summary>Channel count with the RFC 8866 §6.6 default of one.</summary>
    public int ChannelCount => Channels ?? 1;

    public bool IsNamed(string encodingName) =>
        string.Equals(EncodingName, encodingName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The "apt" parameter of an rtx format (RFC 4588 §8.1), or null.</summary>
    public int? AssociatedPayloadType => Parameters.GetInt("apt");

    public bool HasFeedback(RtcpFeedback feedback)
    {
        foreach (RtcpFeedback candidate in RtcpFeedback)
        {
            if (candidate.Equals(feedback))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>RFC 3551 §6 static audio payload types that may appear without an rtpmap line.</summary>
    internal static SdpRtpMap? StaticRtpMap(int payloadType) => payloadType switch
    {
        0 => new SdpRtpMap(0, "PCMU", 8000, 1),
        8 => new SdpRtpMap(8, "PCMA", 8000, 1),
        9 => new SdpRtpMap(9, "G722", 8000, 1),
        13 => new SdpRtpMap(13, "CN", 8000, 1),
        18 => new SdpRtpMap(18, "G729", 8000, 1),
        _ => null,
    };
}
