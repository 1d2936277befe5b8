namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// One media section: the "m=" line (RFC 8866 §5.14), its optional i=/c=/b=/k= lines and its ordered
/// attributes, with typed views over the attributes WebRTC uses. Typed getters parse on every call and
/// skip malformed values; setters rewrite <see cref="Attributes"/>. Not thread-safe.
/// </summary>
public sealed class MediaDescription
{
    public MediaDescription(string mediaType, int port, string protocol, IEnumerable<string> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        MediaType = mediaType;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>"audio", "video", "application", ... as written.</summary>
    public string MediaType
    {
        get;
        set => field = SdpToken.IsToken(value) ? value : throw new ArgumentException($"Media type '{value}' is not a token.", nameof(value));
    }

    public SdpMediaKind Kind => MediaType switch
    {
        "audio" => SdpMediaKind.Audio,
        "video" => SdpMediaKind.Video,
        "application" => SdpMediaKind.Application,
        _ => SdpMediaKind.Other,
    };

    /// <summary>Transport port; 0 rejects or disables the section (RFC 3264 §6, RFC 8843 §7.3.3).</summary>
    public int Port
    {
        get;
        set => field = value is >= 0 and <= 65535 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Port must be 0-65535.");
    }

    /// <summary>The optional "/&lt;number of ports&gt;" suffix of the port field.</summary>
    public int? NumberOfPorts { get; set; }

    /// <summary>Transport protocol, e.g. "UDP/TLS/RTP/SAVPF" (RFC 5764 §8) or "UDP/DTLS/SCTP".</summary>
    public string Protocol
    {
        get;
        set => field = SdpToken.IsVisibleText(value) ? value : throw new ArgumentException("Protocol must be non-empty text without spaces.", nameof(value));
    }

    /// <summary>The &lt;fmt&gt; list: RTP payload type numbers for RTP protocols.</summary>
    public List<string> Formats { get; }

    /// <summary>The "i=" media title.</summary>
    public string? Title { get; set; }

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The obsolete "k=" line, kept only to round-trip.</summary>
    public string? EncryptionKey { get; set; }

    public SdpAttributeList Attributes { get; } = new();

    /// <summary>True when the protocol carries RTP, so formats are payload types (RFC 8866 §5.14).</summary>
    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.Ordinal);

    /// <summary>Port zero without bundle-only: the section is rejected or disabled (RFC 8843 §6).</summary>
    public bool IsRejected => Port == 0 && !IsBundleOnly;

    public bool IsBundleOnly => Attributes.Contains(SdpAttributeNames.BundleOnly);

    public string? Mid
    {
        get => Attributes.GetValue(SdpAttributeNames.Mid);
        set => SdpCommonAttributes.SetOrRemove(Attributes, SdpAttributeNames.Mid, value);
    }

    /// <summary>The section's own direction attribute; null when absent (then the session's or sendrecv applies).</summary>
    public SdpDirection? Direction
    {
        get => SdpCommonAttributes.GetDirection(Attributes);
        set => SdpCommonAttributes.SetDirection(Attributes, value);
    }

    public bool RtcpMux
    {
        get => Attributes.Contains(SdpAttributeNames.RtcpMux);
        set => Attributes.SetFlag(SdpAttributeNames.RtcpMux, value);
    }

    public bool RtcpReducedSize
    {
        get => Attributes.Contains(SdpAttributeNames.RtcpReducedSize);
        set => Attributes.SetFlag(SdpAttributeNames.RtcpReducedSize, value);
    }

    public string? IceUfrag
    {
        get => Attributes.GetValue(SdpAttributeNames.IceUfrag);
        set => SdpCommonAttributes.SetOrRemove(Attributes, SdpAttributeNames.IceUfrag, value);
    }

    public string? IcePwd
    {
        get => Attributes.GetValue(SdpAttributeNames.IcePwd);
        set => SdpCommonAttributes.SetOrRemove(Attributes, SdpAttributeNames.IcePwd, value);
    }

    public IReadOnlyList<string> IceOptions => SdpCommonAttributes.GetIceOptions(Attributes);

    /// <summary>Raw fingerprint values, e.g. "sha-256 AB:CD:...". Verified by the DTLS layer.</summary>
    public IReadOnlyList<string> Fingerprints => Attributes.GetValues(SdpAttributeNames.Fingerprint);

    public SdpSetupRole? Setup
    {
        get => SdpCommonAttributes.GetSetup(Attributes);
        set => SdpCommonAttributes.SetSetup(Attributes, value);
    }

    /// <summary>Raw candidate attribute values (without "candidate:"), parsed by the ICE layer.</summary>
    public IReadOnlyList<string> Candidates => Attributes.GetValues(SdpAttributeNames.Candidate);

    /// <summary>
    /// Adds a candidate before any end-of-candidates marker. Accepts the attribute value or the browser's
    /// "candidate:..." form (RTCIceCandidate.candidate).
    /// </summary>
    public void AddCandidate(string candidate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(candidate);
        string value = candidate.StartsWith("a=", StringComparison.Ordinal) ? candidate[2..] : candidate;
        value = value.StartsWith("candidate:", StringComparison.Ordinal) ? value["candidate:".Length..] : value;
        var attribute = new SdpAttribute(SdpAttributeNames.Candidate, value.TrimEnd('\r', '\n'));
        int end = Attributes.IndexOf(SdpAttributeNames.EndOfCandidates);
        if (end >= 0)
        {
            Attributes.Insert(end, attribute);
        }
        else
        {
            Attributes.Add(attribute);
        }
    }

    /// <summary>"a=end-of-candidates": the author will trickle no more candidates (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates
    {
        get => Attributes.Contains(SdpAttributeNames.EndOfCandidates);
        set => Attributes.SetFlag(SdpAttributeNames.EndOfCandidates, value);
    }

    public IReadOnlyList<SdpRtpMap> RtpMaps =>
        SdpCommonAttributes.ParseAll<SdpRtpMap>(Attributes, SdpAttributeNames.RtpMap, SdpRtpMap.TryParse);

    public IReadOnlyList<SdpFmtp> Fmtps =>
        SdpCommonAttributes.ParseAll<SdpFmtp>(Attributes, SdpAttributeNames.Fmtp, SdpFmtp.TryParse);

    public IReadOnlyList<SdpRtcpFeedback> RtcpFeedback =>
        SdpCommonAttributes.ParseAll<SdpRtcpFeedback>(Attributes, SdpAttributeNames.RtcpFeedback, SdpRtcpFeedback.TryParse);

    public IReadOnlyList<SdpExtmap> Extmaps =>
        SdpCommonAttributes.ParseAll<SdpExtmap>(Attributes, SdpAttributeNames.Extmap, SdpExtmap.TryParse);

    public IReadOnlyList<SdpMsid> Msids =>
        SdpCommonAttributes.ParseAll<SdpMsid>(Attributes, SdpAttributeNames.Msid, SdpMsid.TryParse);

    public IReadOnlyList<SdpSsrcAttribute> SsrcAttributes =>
        SdpCommonAttributes.ParseAll<SdpSsrcAttribute>(Attributes, SdpAttributeNames.Ssrc, SdpSsrcAttribute.TryParse);

    public IReadOnlyList<SdpSsrcGroup> SsrcGroups =>
        SdpCommonAttributes.ParseAll<SdpSsrcGroup>(Attributes, SdpAttributeNames.SsrcGroup, SdpSsrcGroup.TryParse);

    /// <summary>Distinct SSRCs named by a=ssrc lines, in order of first appearance.</summary>
    public IReadOnlyList<uint> Ssrcs
    {
        get
        {
            var ssrcs = new List<uint>();
            foreach (SdpSsrcAttribute attribute in SsrcAttributes)
            {
                if (!ssrcs.Contains(attribute.Ssrc))
                {
                    ssrcs.Add(attribute.Ssrc);
                }
            }

            return ssrcs;
        }
    }

    /// <summary>Raw "a=rid" values (RFC 8851), preserved for simulcast.</summary>
    public IReadOnlyList<string> Rids => Attributes.GetValues(SdpAttributeNames.Rid);

    /// <summary>Raw "a=simulcast" value (RFC 8853), or null.</summary>
    public string? Simulcast => Attributes.GetValue(SdpAttributeNames.Simulcast);

    /// <summary>Formats that are valid payload type numbers, in m= line order.</summary>
    public IReadOnlyList<int> PayloadTypes
    {
        get
        {
            var payloadTypes = new List<int>(Formats.Count);
            foreach (string format in Formats)
            {
                if (SdpNumber.TryParsePayloadType(format, out int pt))
                {
                    payloadTypes.Add(pt);
                }
            }

            return payloadTypes;
        }
    }

    /// <summary>One payload format per m= line payload type that has an rtpmap or a static assignment, in m= order.</summary>
    public IReadOnlyList<SdpPayloadFormat> GetPayloadFormats()
    {
        IReadOnlyList<SdpRtpMap> rtpMaps = RtpMaps;
        IReadOnlyList<SdpFmtp> fmtps = Fmtps;
        IReadOnlyList<SdpRtcpFeedback> feedback = RtcpFeedback;
        var formats = new List<SdpPayloadFormat>();
        foreach (int payloadType in PayloadTypes)
        {
            SdpPayloadFormat? format = BuildFormat(payloadType, rtpMaps, fmtps, feedback);
            if (format is not null)
            {
                formats.Add(format);
            }
        }

        return formats;
    }

    public SdpPayloadFormat? GetPayloadFormat(int payloadType) =>
        PayloadTypes.Contains(payloadType) ? BuildFormat(payloadType, RtpMaps, Fmtps, RtcpFeedback) : null;

    /// <summary>Adds rtpmap, rtcp-fb and fmtp lines for one payload type (the order Chromium writes them).</summary>
    public void AddPayloadFormat(SdpRtpMap rtpMap, FormatParameters? parameters = null, IEnumerable<RtcpFeedback>? feedback = null)
    {
        ArgumentNullException.ThrowIfNull(rtpMap);
        string pt = SdpNumber.Format(rtpMap.PayloadType);
        if (!Formats.Contains(pt))
        {
            Formats.Add(pt);
        }

        Attributes.Add(SdpAttributeNames.RtpMap, rtpMap.ToString());
        foreach (RtcpFeedback fb in feedback ?? [])
        {
            Attributes.Add(SdpAttributeNames.RtcpFeedback, new SdpRtcpFeedback(rtpMap.PayloadType, fb).ToString());
        }

        if (parameters is not null && parameters.Count > 0)
        {
            Attributes.Add(SdpAttributeNames.Fmtp, new SdpFmtp(rtpMap.PayloadType, parameters).ToString());
        }
    }

    private static SdpPayloadFormat? BuildFormat(
        int payloadType,
        IReadOnlyList<SdpRtpMap> rtpMaps,
        IReadOnlyList<SdpFmtp> fmtps,
        IReadOnlyList<SdpRtcpFeedback> feedback)
    {
        SdpRtpMap? rtpMap = null;
        foreach (SdpRtpMap candidate in rtpMaps)
        {
            if (candidate.PayloadType == payloadType)
            {
                rtpMap = candidate;
                break;
            }
        }

        rtpMap ??= SdpPayloadFormat.StaticRtpMap(payloadType);
        if (rtpMap is null)
        {
            return null;
        }

        FormatParameters parameters = FormatParameters.Empty;
        foreach (SdpFmtp fmtp in fmtps)
        {
            if (fmtp.PayloadType == payloadType)
            {
                parameters = fmtp.Parameters;
                break;
            }
        }

        var applicable = new List<RtcpFeedback>();
        foreach (SdpRtcpFeedback fb in feedback)
        {
            if (fb.AppliesTo(payloadType) && !applicable.Contains(fb.Feedback))
            {
                applicable.Add(fb.Feedback);
            }
        }

        return new SdpPayloadFormat(payloadType, rtpMap.EncodingName, rtpMap.ClockRate, rtpMap.Channels, parameters, applicable);
    }
}
