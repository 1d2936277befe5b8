namespace StreamMesh.Rtc.Sdp.Codecs;

/// <summary>
/// A codec this endpoint supports, as it would be written in SDP: encoding name, clock rate, channels,
/// fmtp parameters (ordered) and the RTCP feedback it handles. <see cref="PreferredPayloadType"/> is only a
/// wish for offers; answers always use the offerer's payload types (RFC 3264 §6.1).
/// </summary>
public sealed record RtpCodec
{
    public RtpCodec(
        string name,
        int clockRate,
        int channels = 1,
        FormatParameters? parameters = null,
        IReadOnlyList<RtcpFeedback>? rtcpFeedback = null,
        int? preferredPayloadType = null)
    {
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
        Parameters = parameters ?? FormatParameters.Empty;
        RtcpFeedback = rtcpFeedback ?? [];
        PreferredPayloadType = preferredPayloadType;
    }

    /// <summary>Feedback Chromium negotiates for video: REMB, transport-cc, FIR, NACK, PLI.</summary>
    public static IReadOnlyList<RtcpFeedback> DefaultVideoFeedback { get; } =
        [Sdp.RtcpFeedback.GoogRemb, Sdp.RtcpFeedback.TransportCc, Sdp.RtcpFeedback.CcmFir, Sdp.RtcpFeedback.Nack, Sdp.RtcpFeedback.NackPli];

    /// <summary>Feedback Chromium negotiates for Opus: transport-cc only.</summary>
    public static IReadOnlyList<RtcpFeedback> DefaultAudioFeedback { get; } = [Sdp.RtcpFeedback.TransportCc];

    public string Name { get; init; }

    public int ClockRate { get; init; }

    /// <summary>Audio channel count; 1 for video (RFC 8866 §6.6 default).</summary>
    public int Channels { get; init; }

    public FormatParameters Parameters { get; init; }

    public IReadOnlyList<RtcpFeedback> RtcpFeedback { get; init; }

    public int? PreferredPayloadType { get; init; }

    public bool IsRtx => Name.Equals(RtpCodecNames.Rtx, StringComparison.OrdinalIgnoreCase);

    public bool IsNamed(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Opus 48000/2 with in-band FEC and 10 ms minimum packets, payload type 111 (RFC 7587 §7).</summary>
    public static RtpCodec Opus() => new(
        RtpCodecNames.Opus,
        48000,
        2,
        FormatParameters.Create(("minptime", "10"), ("useinbandfec", "1")),
        DefaultAudioFeedback,
        111);

    /// <summary>VP8 at 90 kHz, payload type 96 (RFC 7741 §6.1).</summary>
    public static RtpCodec Vp8() => new(RtpCodecNames.Vp8, 90000, 1, null, DefaultVideoFeedback, 96);

    /// <summary>
    /// H.264 with packetization-mode=1 (non-interleaved, the only mode this stack packetizes) and
    /// level-asymmetry-allowed=1 (RFC 6184 §8.1). Defaults to Constrained Baseline level 3.1 (42e01f), the
    /// profile every WebRTC browser decodes.
    /// </summary>
    public static RtpCodec H264(H264ProfileLevelId? profileLevelId = null) => new(
        RtpCodecNames.H264,
        90000,
        1,
        FormatParameters.Create(
            (H264OfferAnswer.LevelAsymmetryAllowed, "1"),
            (H264OfferAnswer.PacketizationMode, "1"),
            (H264OfferAnswer.ProfileLevelId, (profileLevelId ?? H264ProfileLevelId.ConstrainedBaseline31).ToString())),
        DefaultVideoFeedback,
        102);

    /// <summary>Retransmission format for <paramref name="associatedPayloadType"/> (RFC 4588 §8.1).</summary>
    public static RtpCodec Rtx(int clockRate, int associatedPayloadType) => new(
        RtpCodecNames.Rtx,
        clockRate,
        1,
        FormatParameters.Create(("apt", SdpNumber.Format(associatedPayloadType))));

    /// <summary>The "apt" parameter of an rtx codec, or null.</summary>
    public int? AssociatedPayloadType => Parameters.GetInt("apt");

    public void Validate()
    {
        if (!SdpToken.IsToken(Name))
        {
            throw new ArgumentException($"Codec name '{Name}' is not an SDP token.", nameof(Name));
        }

        if (ClockRate <= 0)
        {
            throw new ArgumentException($"Codec {Name} clock rate must be positive, was {ClockRate}.", nameof(ClockRate));
        }

        if (Channels is < 1 or > 255)
        {
            throw new ArgumentException($"Codec {Name} channel count must be 1-255, was {Channels}.", nameof(Channels));
        }

        if (PreferredPayloadType is int pt && pt is < 0 or > 127)
        {
            throw new ArgumentException($"Codec {Name} payload type must be 0-127, was {pt}.", nameof(PreferredPayloadType));
        }

        if (IsNamed(RtpCodecNames.H264) && !H264OfferAnswer.TryGetProfileLevelId(Parameters, out _))
        {
            throw new ArgumentException($"H264 codec has an invalid profile-level-id '{Parameters.GetValueOrDefault(H264OfferAnswer.ProfileLevelId)}'.", nameof(Parameters));
        }
    }

    public override string ToString() =>
        Parameters.Count == 0
            ? $"{Name}/{SdpNumber.Format(ClockRate)}/{SdpNumber.Format(Channels)}"
            : $"{Name}/{SdpNumber.Format(ClockRate)}/{SdpNumber.Format(Channels)} {Parameters}";
}
