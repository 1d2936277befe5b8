using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// The answerer's decision for one offered m= section: rejected with a reason, or accepted with the codec,
/// rtx format, direction and track to use (RFC 8829 §5.3.1).
/// </summary>
internal sealed class AnswerSectionPlan
{
    private AnswerSectionPlan(int index, MediaDescription offered)
    {
        Index = index;
        Offered = offered;
    }

    public int Index { get; }

    public MediaDescription Offered { get; }

    public string? RejectionReason { get; private set; }

    public bool Accepted => RejectionReason is null;

    public LocalMediaSettings? Settings { get; private set; }

    public RtpCodec? LocalCodec { get; private set; }

    public SdpPayloadFormat? OfferedFormat { get; private set; }

    public SdpPayloadFormat? OfferedRtx { get; private set; }

    public SdpDirection Direction { get; set; }

    public LocalTrack? Track { get; set; }

    public static AnswerSectionPlan Rejected(int index, MediaDescription offered, string reason) =>
        new(index, offered) { RejectionReason = reason };

    /// <summary>Evaluates one offered section against local settings; <paramref name="bundle"/> is the offer's BUNDLE group.</summary>
    public static AnswerSectionPlan Evaluate(int index, MediaDescription offered, SessionDescription offer, SdpGroup bundle, SdpAnswerOptions options)
    {
        if (offered.IsRejected)
        {
            return Rejected(index, offered, "the offerer disabled it (port 0)");
        }

        if (offered.Mid is not string mid)
        {
            return Rejected(index, offered, "it has no a=mid, so it cannot be bundled (RFC 8843 §7.2)");
        }

        if (!bundle.Contains(mid))
        {
            return Rejected(index, offered, "it is not in the first BUNDLE group; only one transport is supported");
        }

        LocalMediaSettings? settings = offered.Kind switch
        {
            SdpMediaKind.Audio => options.Audio,
            SdpMediaKind.Video => options.Video,
            _ => null,
        };
        if (settings is null)
        {
            return Rejected(index, offered, $"'{offered.MediaType}' media is not supported here");
        }

        if (!offered.Protocol.EndsWith("RTP/SAVPF", StringComparison.Ordinal))
        {
            return Rejected(index, offered, $"protocol '{offered.Protocol}' is not DTLS-SRTP with feedback (UDP/TLS/RTP/SAVPF, RFC 5764 §8)");
        }

        IReadOnlyList<SdpPayloadFormat> formats = offered.GetPayloadFormats();
        foreach (RtpCodec local in settings.Codecs)
        {
            foreach (SdpPayloadFormat format in formats)
            {
                if (RtpCodecNames.IsAuxiliary(format.EncodingName) || !RtpCodecMatcher.Matches(local, format))
                {
                    continue;
                }

                return new AnswerSectionPlan(index, offered)
                {
                    Settings = settings,
                    LocalCodec = local,
                    OfferedFormat = format,
                    OfferedRtx = settings.UseRtx ? FindRtx(formats, format) : null,
                    Direction = settings.Direction.Intersect(offer.GetEffectiveDirection(offered).Reverse()),
                };
            }
        }

        return Rejected(index, offered, $"no common codec: offered [{Describe(formats)}], supported [{string.Join(", ", settings.Codecs)}]");
    }

    /// <summary>The answer's fmtp for the chosen format: H.264 per RFC 6184 §8.2.2, otherwise our own parameters.</summary>
    public FormatParameters AnswerParameters() =>
        LocalCodec!.IsNamed(RtpCodecNames.H264)
            ? H264OfferAnswer.CreateAnswerParameters(LocalCodec.Parameters, OfferedFormat!.Parameters)
            : LocalCodec.Parameters;

    /// <summary>Feedback both sides support for the chosen format (RFC 4585 §4.2, RFC 8829 §5.3.1).</summary>
    public IReadOnlyList<RtcpFeedback> CommonFeedback()
    {
        var common = new List<RtcpFeedback>();
        foreach (RtcpFeedback feedback in LocalCodec!.RtcpFeedback)
        {
            if (OfferedFormat!.HasFeedback(feedback))
            {
                common.Add(feedback);
            }
        }

        return common;
    }

    /// <summary>Offered extmaps we implement, keeping the offerer's ids (RFC 8285 §6) and answering directions in reverse.</summary>
    public IReadOnlyList<SdpExtmap> CommonExtensions()
    {
        var common = new List<SdpExtmap>();
        foreach (SdpExtmap offeredMap in Offered.Extmaps)
        {
            if (Settings!.HeaderExtensions.Contains(offeredMap.Uri, StringComparer.Ordinal))
            {
                SdpDirection? direction = offeredMap.Direction is SdpDirection d && d != SdpDirection.SendRecv ? d.Reverse() : null;
                common.Add(new SdpExtmap(offeredMap.Id, offeredMap.Uri, direction));
            }
        }

        return common;
    }

    private static SdpPayloadFormat? FindRtx(IReadOnlyList<SdpPayloadFormat> formats, SdpPayloadFormat primary)
    {
        foreach (SdpPayloadFormat format in formats)
        {
            if (format.IsNamed(RtpCodecNames.Rtx) && format.AssociatedPayloadType == primary.PayloadType && format.ClockRate == primary.ClockRate)
            {
                return format;
            }
        }

        return null;
    }

    private static string Describe(IReadOnlyList<SdpPayloadFormat> formats)
    {
        var names = new List<string>();
        foreach (SdpPayloadFormat format in formats)
        {
            if (!RtpCodecNames.IsAuxiliary(format.EncodingName))
            {
                string name = format.Parameters.Count > 0 ? $"{format.EncodingName} {format.Parameters}" : format.EncodingName;
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        return string.Join(", ", names);
    }
}
