using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// What this endpoint does for one media kind: codecs in preference order, the direction it wants
/// (sendonly for a WHEP origin or relay, recvonly for ingest or a pulling client, sendrecv), the RTP header
/// extensions it implements and whether it uses RTX. Each codec's <see cref="RtpCodec.RtcpFeedback"/> is the
/// feedback it supports.
/// </summary>
public sealed record LocalMediaSettings
{
    /// <summary>Extensions every StreamMesh media section supports by default.</summary>
    public static IReadOnlyList<string> DefaultHeaderExtensions { get; } =
    [
        RtpHeaderExtensionUris.SdesMid,
        RtpHeaderExtensionUris.AbsSendTime,
        RtpHeaderExtensionUris.TransportWideCc,
    ];

    public required IReadOnlyList<RtpCodec> Codecs { get; init; }

    public SdpDirection Direction { get; init; } = SdpDirection.SendRecv;

    public IReadOnlyList<string> HeaderExtensions { get; init; } = DefaultHeaderExtensions;

    /// <summary>Negotiate an rtx format for the chosen codec (RFC 4588) when the peer offers one.</summary>
    public bool UseRtx { get; init; }

    /// <summary>Opus only.</summary>
    public static LocalMediaSettings DefaultAudio(SdpDirection direction) => new()
    {
        Codecs = [RtpCodec.Opus()],
        Direction = direction,
    };

    /// <summary>H.264 Constrained Baseline (packetization-mode 1) preferred, then VP8, with RTX.</summary>
    public static LocalMediaSettings DefaultVideo(SdpDirection direction) => new()
    {
        Codecs = [RtpCodec.H264(), RtpCodec.Vp8()],
        Direction = direction,
        UseRtx = true,
    };

    public void Validate()
    {
        if (Codecs is null || Codecs.Count == 0)
        {
            throw new ArgumentException("At least one codec is required.", nameof(Codecs));
        }

        foreach (RtpCodec codec in Codecs)
        {
            ArgumentNullException.ThrowIfNull(codec, nameof(Codecs));
            codec.Validate();
            if (codec.IsRtx || RtpCodecNames.IsAuxiliary(codec.Name))
            {
                throw new ArgumentException($"'{codec.Name}' is not a media codec; use UseRtx for retransmission.", nameof(Codecs));
            }

            if (codec.IsNamed(RtpCodecNames.H264) && H264OfferAnswer.GetPacketizationMode(codec.Parameters) != 1)
            {
                throw new ArgumentException("Only H.264 packetization-mode=1 is supported (RFC 6184 §6.3).", nameof(Codecs));
            }
        }

        if (HeaderExtensions is null)
        {
            throw new ArgumentException("HeaderExtensions must not be null.", nameof(HeaderExtensions));
        }

        foreach (string uri in HeaderExtensions)
        {
            if (!SdpToken.IsVisibleText(uri))
            {
                throw new ArgumentException($"Header extension URI '{uri}' is empty or contains spaces.", nameof(HeaderExtensions));
            }
        }
    }
}
