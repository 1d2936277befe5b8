namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// A track this endpoint sends: its SSRC, the SSRC of its RTX stream, the msid stream/track ids
/// (RFC 8830) and the RTCP CNAME (RFC 7022). Written as a=msid, a=ssrc and a=ssrc-group:FID lines.
/// </summary>
public sealed record LocalTrack
{
    public required SdpMediaKind Kind { get; init; }

    public required uint Ssrc { get; init; }

    /// <summary>SSRC of the retransmission stream; used only when RTX is negotiated.</summary>
    public uint? RtxSsrc { get; init; }

    public required string StreamId { get; init; }

    public required string TrackId { get; init; }

    public required string Cname { get; init; }

    /// <summary>Binds the track to the m= section with this mid; null takes the first free section of its kind.</summary>
    public string? Mid { get; init; }

    public void Validate()
    {
        if (Kind is not (SdpMediaKind.Audio or SdpMediaKind.Video))
        {
            throw new ArgumentException($"Track kind must be audio or video, was {Kind}.", nameof(Kind));
        }

        if (RtxSsrc == Ssrc)
        {
            throw new ArgumentException("RtxSsrc must differ from Ssrc.", nameof(RtxSsrc));
        }

        if (!SdpToken.IsVisibleText(StreamId) || !SdpToken.IsVisibleText(TrackId))
        {
            throw new ArgumentException("StreamId and TrackId must be non-empty and without spaces (RFC 8830 §2).", nameof(StreamId));
        }

        if (!SdpToken.IsVisibleText(Cname))
        {
            throw new ArgumentException("Cname must be non-empty and without spaces.", nameof(Cname));
        }

        if (Mid is not null && !SdpToken.IsVisibleText(Mid))
        {
            throw new ArgumentException("Mid must be non-empty and without spaces.", nameof(Mid));
        }
    }
}
