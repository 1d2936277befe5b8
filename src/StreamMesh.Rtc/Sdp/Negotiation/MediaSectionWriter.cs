using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>Writes the m= sections of our offers and answers in the attribute order Chromium uses.</summary>
internal static class MediaSectionWriter
{
    /// <summary>JSEP's placeholder port before candidates are known (RFC 8829 §5.2.1, RFC 8840 §5.1).</summary>
    public const int DummyPort = 9;

    public static SessionDescription CreateSession(string? sessionId, ulong sessionVersion)
    {
        var session = new SessionDescription(SdpOrigin.Create(sessionId ?? NegotiationOptionChecks.NewSessionId(), sessionVersion));
        session.Timings.Add(SdpTiming.Unbounded);
        return session;
    }

    /// <summary>
    /// ICE and DTLS attributes. With BUNDLE, every section carries the same credentials (as Chromium writes
    /// them) but only the tagged section carries candidates (RFC 8829 §5.2.1, §5.3.2).
    /// </summary>
    public static void WriteTransport(MediaDescription media, LocalTransportParameters transport, SdpSetupRole setup, bool carriesCandidates)
    {
        if (carriesCandidates)
        {
            foreach (string candidate in transport.Candidates)
            {
                media.AddCandidate(candidate);
            }

            media.EndOfCandidates = transport.EndOfCandidates;
        }

        media.IceUfrag = transport.IceUfrag;
        media.IcePwd = transport.IcePwd;
        media.Attributes.Add(SdpAttributeNames.Fingerprint, transport.Fingerprint);
        media.Setup = setup;
    }

    public static void WriteExtensions(MediaDescription media, IEnumerable<SdpExtmap> extmaps)
    {
        foreach (SdpExtmap extmap in extmaps)
        {
            media.Attributes.Add(SdpAttributeNames.Extmap, extmap.ToString());
        }
    }

    /// <summary>a=msid for the track (RFC 8830 §2); nothing when the section does not send.</summary>
    public static void WriteMsid(MediaDescription media, LocalTrack? track)
    {
        if (track is not null)
        {
            media.Attributes.Add(SdpAttributeNames.Msid, new SdpMsid(track.StreamId, track.TrackId).ToString());
        }
    }

    public static void WriteCodec(MediaDescription media, int payloadType, RtpCodec codec, FormatParameters parameters, IEnumerable<RtcpFeedback> feedback, int? rtxPayloadType)
    {
        media.AddPayloadFormat(
            new SdpRtpMap(payloadType, codec.Name, codec.ClockRate, codec.Channels > 1 ? codec.Channels : null),
            parameters,
            feedback);
        if (rtxPayloadType is int rtx)
        {
            media.AddPayloadFormat(
                new SdpRtpMap(rtx, RtpCodecNames.Rtx, codec.ClockRate),
                FormatParameters.Create(("apt", SdpNumber.Format(payloadType))));
        }
    }

    /// <summary>
    /// a=ssrc-group:FID and a=ssrc cname/msid lines (RFC 5576 §4, RFC 4588 §8.3). Chromium still maps
    /// incoming SSRCs to tracks and RTX streams through these lines when no RID/MID extension is present.
    /// </summary>
    public static void WriteSources(MediaDescription media, LocalTrack track, bool rtxNegotiated)
    {
        uint? rtx = rtxNegotiated ? track.RtxSsrc : null;
        if (rtx is uint rtxSsrc)
        {
            media.Attributes.Add(SdpAttributeNames.SsrcGroup, new SdpSsrcGroup(SdpSsrcGroup.Fid, [track.Ssrc, rtxSsrc]).ToString());
        }

        WriteSource(media, track, track.Ssrc);
        if (rtx is uint repair)
        {
            WriteSource(media, track, repair);
        }
    }

    private static void WriteSource(MediaDescription media, LocalTrack track, uint ssrc)
    {
        string msid = new SdpMsid(track.StreamId, track.TrackId).ToString();
        media.Attributes.Add(SdpAttributeNames.Ssrc, new SdpSsrcAttribute(ssrc, SdpSsrcAttribute.Cname, track.Cname).ToString());
        media.Attributes.Add(SdpAttributeNames.Ssrc, new SdpSsrcAttribute(ssrc, SdpSsrcAttribute.Msid, msid).ToString());
    }

    /// <summary>a=msid-semantic:WMS with our stream ids; Chromium still writes and reads it.</summary>
    public static void WriteMsidSemantic(SessionDescription session, IEnumerable<LocalTrack> sentTracks)
    {
        var streams = new List<string>();
        foreach (LocalTrack track in sentTracks)
        {
            if (!streams.Contains(track.StreamId))
            {
                streams.Add(track.StreamId);
            }
        }

        session.Attributes.Add(SdpAttributeNames.MsidSemantic, new SdpMsidSemantic("WMS", streams).ToString());
    }
}
