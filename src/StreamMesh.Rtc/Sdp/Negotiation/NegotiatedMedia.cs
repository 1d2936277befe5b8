namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// The outcome for one m= section, from this endpoint's point of view: direction (sendonly = we send),
/// the chosen codec and its RTX payload type, the feedback and header extensions both sides use, and the
/// peer's SSRCs for demultiplexing what it sends. Rejected sections carry only index, mid, kind and reason.
/// </summary>
public sealed record NegotiatedMedia
{
    /// <summary>Position of the m= line in the description.</summary>
    public required int Index { get; init; }

    public string? Mid { get; init; }

    public required SdpMediaKind Kind { get; init; }

    public bool Rejected { get; init; }

    /// <summary>Why the section was rejected, for logs and diagnostics.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>Direction as seen locally: Sends() means this endpoint sends media in this section.</summary>
    public SdpDirection Direction { get; init; } = SdpDirection.Inactive;

    /// <summary>The codec this endpoint sends and expects to receive; null when rejected.</summary>
    public NegotiatedCodec? Codec { get; init; }

    /// <summary>The rtx payload type associated with <see cref="Codec"/> (RFC 4588), if negotiated.</summary>
    public int? RtxPayloadType { get; init; }

    public RtcpFeedbackFlags RtcpFeedback { get; init; }

    /// <summary>Reduced-size RTCP (RFC 5506) agreed by both sides.</summary>
    public bool RtcpReducedSize { get; init; }

    /// <summary>Header extension ids by URI, valid in both directions (RFC 8285).</summary>
    public IReadOnlyDictionary<string, int> HeaderExtensions { get; init; } = new Dictionary<string, int>();

    /// <summary>SSRCs the peer declared with a=ssrc, in order (media and RTX).</summary>
    public IReadOnlyList<uint> RemoteSsrcs { get; init; } = [];

    /// <summary>The peer's media/RTX SSRC pairs from a=ssrc-group:FID.</summary>
    public IReadOnlyList<SsrcFidPair> RemoteFidGroups { get; init; } = [];

    /// <summary>The peer's simulcast RIDs it sends (a=rid:&lt;id&gt; send, RFC 8851).</summary>
    public IReadOnlyList<string> RemoteRids { get; init; } = [];

    public SdpMsid? RemoteMsid { get; init; }

    public string? RemoteCname { get; init; }

    /// <summary>The local track sent in this section, if any.</summary>
    public LocalTrack? LocalTrack { get; init; }

    /// <summary>Id negotiated for an extension URI, or null.</summary>
    public int? GetExtensionId(string uri) => HeaderExtensions.TryGetValue(uri, out int id) ? id : null;

    public bool Has(RtcpFeedbackFlags feedback) => (RtcpFeedback & feedback) == feedback;
}
