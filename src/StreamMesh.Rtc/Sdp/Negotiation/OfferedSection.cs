using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>What the offerer put into one of its m= sections, kept to interpret the answer.</summary>
internal sealed class OfferedSection
{
    private static readonly (int First, int Last)[] DynamicRanges = [(96, 127), (35, 63)];

    public OfferedSection(SdpMediaKind kind, string mid, LocalMediaSettings settings, LocalTrack? track)
    {
        Kind = kind;
        Mid = mid;
        Settings = settings;
        Track = track;
        AllocatePayloadTypes();
    }

    public SdpMediaKind Kind { get; }

    public string Mid { get; }

    public LocalMediaSettings Settings { get; }

    public LocalTrack? Track { get; }

    /// <summary>Codecs in preference order with the payload types we chose, and each one's rtx payload type.</summary>
    public List<(int PayloadType, RtpCodec Codec, int? RtxPayloadType)> Codecs { get; } = [];

    public List<SdpExtmap> Extmaps { get; } = [];

    public string MediaType => Kind == SdpMediaKind.Audio ? "audio" : "video";

    public (int PayloadType, RtpCodec Codec, int? RtxPayloadType)? FindCodec(int payloadType)
    {
        foreach ((int PayloadType, RtpCodec Codec, int? RtxPayloadType) entry in Codecs)
        {
            if (entry.PayloadType == payloadType)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// Honour each codec's preferred payload type when free; otherwise take the next dynamic one (RFC 3551 §3:
    /// 96-127, then the 35-63 range browsers also use). RTX takes the primary's number + 1 when possible.
    /// </summary>
    private void AllocatePayloadTypes()
    {
        var used = new HashSet<int>();
        var reserved = new HashSet<int>();
        foreach (RtpCodec codec in Settings.Codecs)
        {
            if (codec.PreferredPayloadType is int preferred)
            {
                reserved.Add(preferred);
            }
        }

        foreach (RtpCodec codec in Settings.Codecs)
        {
            int payloadType = codec.PreferredPayloadType is int preferred && used.Add(preferred) ? preferred : Next(used, reserved);
            int? rtx = null;
            if (Settings.UseRtx)
            {
                int adjacent = payloadType + 1;
                rtx = IsDynamic(adjacent) && !reserved.Contains(adjacent) && used.Add(adjacent) ? adjacent : Next(used, reserved);
            }

            Codecs.Add((payloadType, codec, rtx));
        }
    }

    private static bool IsDynamic(int payloadType)
    {
        foreach ((int first, int last) in DynamicRanges)
        {
            if (payloadType >= first && payloadType <= last)
            {
                return true;
            }
        }

        return false;
    }

    private static int Next(HashSet<int> used, HashSet<int> reserved)
    {
        foreach ((int first, int last) in DynamicRanges)
        {
            for (int pt = first; pt <= last; pt++)
            {
                if (!reserved.Contains(pt) && used.Add(pt))
                {
                    return pt;
                }
            }
        }

        throw new InvalidOperationException("Ran out of dynamic RTP payload types.");
    }
}
