using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Rtc.Tests.Sdp;

public class SessionDescriptionParseTests
{
    public static TheoryData<string> Fixtures =>
    [
        "chrome-whep-recvonly-offer.sdp",
        "chrome-answer-to-chrome-recvonly-offer.sdp",
        "chrome-publisher-sendonly-offer.sdp",
        "chrome-simulcast-sendrecv-offer.sdp",
        "chrome-answer-to-streammesh-offer.sdp",
        "streammesh-recvonly-offer.sdp",
        "firefox-recvonly-offer.sdp",
    ];

    [Fact]
    public void Parse_ChromeRecvonlyOffer_ReadsSessionLevel()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");

        Assert.Equal("-", offer.Origin.Username);
        Assert.Equal("IP4", offer.Origin.AddressType);
        Assert.Equal(2UL, offer.Origin.SessionVersion);
        Assert.Equal("-", offer.SessionName);
        Assert.Equal(SdpTiming.Unbounded, offer.Timings.Single());
        Assert.Equal(["0", "1"], offer.BundleGroup!.Mids);
        Assert.True(offer.ExtmapAllowMixed);
        Assert.Equal("WMS", offer.MsidSemantic!.Semantic);
        Assert.Empty(offer.MsidSemantic.Identifiers);
        Assert.Equal(2, offer.Media.Count);
    }

    [Fact]
    public void Parse_ChromeRecvonlyOffer_ReadsTransportAttributesPerSection()
    {
        MediaDescription audio = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp").Media[0];

        Assert.Equal(SdpMediaKind.Audio, audio.Kind);
        Assert.Equal(9, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.PayloadTypes);
        Assert.Equal(SdpConnection.Unspecified, audio.Connection);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.Equal("ME7u", audio.IceUfrag);
        Assert.Equal("KcYq5KMeR/AEAYBGvEea91jX", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.StartsWith("sha-256 34:3D:3D:50:", audio.Fingerprints.Single(), StringComparison.Ordinal);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.Equal(2, audio.Candidates.Count);
        Assert.StartsWith("2070096711 1 udp 2113937151 ", audio.Candidates[0], StringComparison.Ordinal);
        Assert.False(audio.EndOfCandidates);
    }

    [Fact]
    public void Parse_ChromeRecvonlyOffer_ReadsCodecsWithFmtpAndFeedback()
    {
        MediaDescription video = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp").Media[1];

        SdpPayloadFormat h264 = video.GetPayloadFormat(108)!;
        Assert.Equal("H264", h264.EncodingName);
        Assert.Equal(90000, h264.ClockRate);
        Assert.Equal("42e01f", h264.Parameters.GetValueOrDefault("profile-level-id"));
        Assert.Equal(1, h264.Parameters.GetInt("packetization-mode"));
        Assert.Equal(
            [RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli],
            h264.RtcpFeedback);

        SdpPayloadFormat rtx = video.GetPayloadFormat(109)!;
        Assert.Equal("rtx", rtx.EncodingName);
        Assert.Equal(108, rtx.AssociatedPayloadType);

        SdpPayloadFormat opus = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp").Media[0].GetPayloadFormat(111)!;
        Assert.Equal(2, opus.Channels);
        Assert.Equal("minptime=10;useinbandfec=1", opus.Parameters.ToString());
    }

    [Fact]
    public void Parse_ChromeRecvonlyOffer_ReadsExtmapsWithOffererIds()
    {
        MediaDescription video = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp").Media[1];

        Dictionary<string, int> ids = video.Extmaps.ToDictionary(e => e.Uri, e => e.Id);
        Assert.Equal(14, ids[RtpHeaderExtensionUris.TransmissionTimeOffset]);
        Assert.Equal(2, ids[RtpHeaderExtensionUris.AbsSendTime]);
        Assert.Equal(3, ids[RtpHeaderExtensionUris.TransportWideCc]);
        Assert.Equal(4, ids[RtpHeaderExtensionUris.SdesMid]);
        Assert.DoesNotContain(RtpHeaderExtensionUris.AbsCaptureTime, ids.Keys);
    }

    [Fact]
    public void Parse_ChromePublisherOffer_ReadsSsrcLinesAndFidGroup()
    {
        MediaDescription video = SdpFixture.Parse("chrome-publisher-sendonly-offer.sdp").Media[1];

        Assert.Equal(SdpDirection.SendOnly, video.Direction);
        SdpSsrcGroup fid = video.SsrcGroups.Single();
        Assert.Equal(SdpSsrcGroup.Fid, fid.Semantics);
        Assert.Equal([3733954776u, 994802239u], fid.Ssrcs);
        Assert.Equal([3733954776u, 994802239u], video.Ssrcs);
        SdpSsrcAttribute cname = video.SsrcAttributes.First(a => a.Name == SdpSsrcAttribute.Cname);
        Assert.Equal("cGow/nnCs774qnN0", cname.Value);
        SdpMsid msid = video.Msids.Single();
        Assert.Equal("94a70674-32d3-4165-9680-d0c0bddc44e0", msid.StreamId);
        Assert.Equal("8669c92d-3a83-4e77-9081-21e49221821f", msid.TrackId);
    }

    [Fact]
    public void Parse_ChromeSimulcastOffer_PreservesRidAndSimulcast()
    {
        MediaDescription video = SdpFixture.Parse("chrome-simulcast-sendrecv-offer.sdp").Media[1];

        Assert.Equal(["h send", "m send", "l send"], video.Rids);
        Assert.Equal("send h;m;l", video.Simulcast);
        Assert.Equal(SdpDirection.SendRecv, video.Direction);
    }

    [Fact]
    public void Parse_FirefoxOffer_ReadsSessionFingerprintAndDirectionalExtmap()
    {
        SessionDescription offer = SdpFixture.Parse("firefox-recvonly-offer.sdp");

        Assert.Equal("mozilla...THIS_IS_SDPARTA-128.0", offer.Origin.Username);
        Assert.StartsWith("sha-256 4B:2E:81", offer.Fingerprints.Single(), StringComparison.Ordinal);
        Assert.Empty(offer.Media[0].Fingerprints);
        Assert.Equal("*", offer.MsidSemantic!.Identifiers.Single());
        SdpExtmap csrcLevel = offer.Media[0].Extmaps.Single(e => e.Id == 2);
        Assert.Equal(SdpDirection.RecvOnly, csrcLevel.Direction);
        Assert.Equal("urn:ietf:params:rtp-hdrext:csrc-audio-level", csrcLevel.Uri);
        Assert.True(offer.Media[0].EndOfCandidates);
        Assert.Equal(0, offer.Media[1].Port);
        Assert.True(offer.Media[1].IsBundleOnly);
        Assert.False(offer.Media[1].IsRejected);

        // fmtp lines come before rtpmap lines in Firefox offers; the per-payload view must not care.
        SdpPayloadFormat h264 = offer.Media[1].GetPayloadFormat(126)!;
        Assert.Equal("H264", h264.EncodingName);
        Assert.Equal(1, h264.Parameters.GetInt("packetization-mode"));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ToString_Fixture_ReproducesInputExactly(string fixture)
    {
        string text = SdpFixture.Load(fixture);

        Assert.Equal(text, SessionDescription.Parse(text).ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Parse_SerializedFixture_IsStable(string fixture)
    {
        string once = SdpFixture.Parse(fixture).ToString();
        string twice = SessionDescription.Parse(once).ToString();

        Assert.Equal(once, twice);
    }

    [Fact]
    public void Parse_LfLineEndings_EqualsCrLfParse()
    {
        string crlf = SdpFixture.Load("chrome-publisher-sendonly-offer.sdp");
        string lf = crlf.Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.DoesNotContain('\r', lf);
        Assert.Equal(crlf, SessionDescription.Parse(lf).ToString());
    }

    [Fact]
    public void Parse_TrailingBlankLinesAndSpaces_AreTolerated()
    {
        string sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0 \r\na=ice-lite\r\n\r\n\r\n";

        SessionDescription description = SessionDescription.Parse(sdp);

        Assert.True(description.IceLite);
        Assert.Equal(SdpTiming.Unbounded, description.Timings.Single());
    }

    [Fact]
    public void Parse_UnknownAttributes_ArePreservedInOrder()
    {
        const string Sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=x-first:1\r\na=mid:v\r\na=x-flag\r\na=rtpmap:96 VP8/90000\r\na=x-last:two words\r\n";

        MediaDescription media = SessionDescription.Parse(Sdp).Media[0];

        Assert.Equal(["x-first:1", "mid:v", "x-flag", "rtpmap:96 VP8/90000", "x-last:two words"], media.Attributes.Select(a => a.ToString()));
        Assert.Null(media.Attributes[2].Value);
    }

    [Fact]
    public void Parse_WildcardRtcpFeedback_AppliesToEveryPayloadType()
    {
        const string Sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96 98\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:98 VP9/90000\r\n"
            + "a=rtcp-fb:* nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:* transport-cc\r\n";

        MediaDescription media = SessionDescription.Parse(Sdp).Media[0];

        Assert.Null(media.RtcpFeedback[0].PayloadType);
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.NackPli, RtcpFeedback.TransportCc], media.GetPayloadFormat(96)!.RtcpFeedback);
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.TransportCc], media.GetPayloadFormat(98)!.RtcpFeedback);
    }

    [Fact]
    public void Parse_StaticPayloadTypeWithoutRtpmap_UsesRfc3551Mapping()
    {
        const string Sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0 8 99\r\n";

        MediaDescription media = SessionDescription.Parse(Sdp).Media[0];

        IReadOnlyList<SdpPayloadFormat> formats = media.GetPayloadFormats();
        Assert.Equal(["PCMU", "PCMA"], formats.Select(f => f.EncodingName));
        Assert.Equal(8000, formats[0].ClockRate);
        Assert.Null(media.GetPayloadFormat(99));
    }

    [Fact]
    public void Parse_RepeatAndOptionalSessionLines_RoundTrip()
    {
        const string Sdp = "v=0\r\no=jdoe 2890844526 2890842807 IN IP4 10.47.16.5\r\ns=SDP Seminar\r\n"
            + "i=A Seminar on the session description protocol\r\nu=http://www.example.com/seminars/sdp.pdf\r\n"
            + "e=j.doe@example.com (Jane Doe)\r\nc=IN IP4 224.2.17.12/127\r\nb=AS:2000\r\nt=2873397496 2873404696\r\n"
            + "r=7d 1h 0 25h\r\na=recvonly\r\nm=audio 49170 RTP/AVP 0\r\nm=video 51372/2 RTP/AVP 99\r\nb=TIAS:512000\r\n"
            + "a=rtpmap:99 h263-1998/90000\r\n";

        SessionDescription description = SessionDescription.Parse(Sdp);

        Assert.Equal(Sdp, description.ToString());
        Assert.Equal("224.2.17.12/127", description.Connection!.Address);
        Assert.Equal(new SdpBandwidth("AS", 2000), description.Bandwidths.Single());
        Assert.Equal(["7d 1h 0 25h"], description.Timings[0].RepeatTimes);
        Assert.Equal(2, description.Media[1].NumberOfPorts);
        Assert.Equal(SdpDirection.RecvOnly, description.GetEffectiveDirection(description.Media[0]));
        Assert.Equal(512000UL, description.Media[1].Bandwidths.Single().Value);
    }

    [Fact]
    public void TryParse_Utf8Bytes_ParsesAndRejectsInvalidUtf8()
    {
        byte[] valid = System.Text.Encoding.UTF8.GetBytes(SdpFixture.Load("streammesh-recvonly-offer.sdp"));
        byte[] invalid = [.. valid[..20], 0xC3, 0x28, .. valid[20..]];

        Assert.True(SessionDescription.TryParse(valid, out SessionDescription? description, out _));
        Assert.Equal(2, description.Media.Count);
        Assert.False(SessionDescription.TryParse(invalid, out _, out SdpParseError? error));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }
}
