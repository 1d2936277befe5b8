using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Rtc.Tests.Sdp.Negotiation;

public class SdpAnswererTests
{
    private static SdpAnswer AnswerChromeWhepOffer(bool preferH264 = true) =>
        new SdpAnswerer(SdpTestSettings.WhepOrigin(preferH264)).CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"));

    [Fact]
    public void CreateAnswer_ChromeWhepOfferPreferringH264_PicksConstrainedBaselineMode1()
    {
        SdpAnswer answer = AnswerChromeWhepOffer();

        MediaDescription video = answer.Description.Media[1];
        // 102 is 42001f (Baseline) mode 1, 104/114 are mode 0: only 108 is Constrained Baseline mode 1.
        Assert.Equal(["108", "109"], video.Formats);
        Assert.Equal("108 H264/90000", video.RtpMaps[0].ToString());
        Assert.Equal("108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.Fmtps[0].ToString());
        Assert.Equal("109 rtx/90000", video.RtpMaps[1].ToString());
        Assert.Equal("109 apt=108", video.Fmtps[1].ToString());

        NegotiatedMedia negotiated = answer.Session.Media[1];
        Assert.Equal(108, negotiated.Codec!.PayloadType);
        Assert.Equal(90000, negotiated.Codec.ClockRate);
        Assert.Equal(109, negotiated.RtxPayloadType);
        Assert.Equal(H264Profile.ConstrainedBaseline, negotiated.Codec.SendProfileLevelId!.Value.Profile);
        Assert.Equal(H264Level.Level3_1, negotiated.Codec.SendProfileLevelId!.Value.Level);
        Assert.Equal("42e01f", negotiated.Codec.RemoteParameters.GetValueOrDefault("profile-level-id"));
    }

    [Fact]
    public void CreateAnswer_ChromeWhepOfferPreferringVp8_PicksVp8WithRtx()
    {
        SdpAnswer answer = AnswerChromeWhepOffer(preferH264: false);

        Assert.Equal(["96", "97"], answer.Description.Media[1].Formats);
        NegotiatedMedia video = answer.Session.Media[1];
        Assert.Equal("VP8", video.Codec!.Name);
        Assert.Equal(96, video.Codec.PayloadType);
        Assert.Equal(97, video.RtxPayloadType);
        Assert.Null(video.Codec.SendProfileLevelId);
    }

    [Fact]
    public void CreateAnswer_ChromeWhepOffer_AnswersOpus48000Stereo()
    {
        SdpAnswer answer = AnswerChromeWhepOffer();

        MediaDescription audio = answer.Description.Media[0];
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal("111 opus/48000/2", audio.RtpMaps.Single().ToString());
        Assert.Equal("111 minptime=10;useinbandfec=1", audio.Fmtps.Single().ToString());
        Assert.Equal(["111 transport-cc"], audio.RtcpFeedback.Select(f => f.ToString()));
        NegotiatedCodec opus = answer.Session.Media[0].Codec!;
        Assert.Equal((111, 48000, 2), (opus.PayloadType, opus.ClockRate, opus.Channels));
        Assert.Null(answer.Session.Media[0].RtxPayloadType);
        Assert.Equal(RtcpFeedbackFlags.TransportCc, answer.Session.Media[0].RtcpFeedback);
    }

    [Fact]
    public void CreateAnswer_ChromeWhepOffer_KeepsOffererExtmapIdsForSupportedUris()
    {
        SdpAnswer answer = AnswerChromeWhepOffer();

        MediaDescription video = answer.Description.Media[1];
        Assert.Equal(
            ["2 " + RtpHeaderExtensionUris.AbsSendTime, "3 " + RtpHeaderExtensionUris.TransportWideCc, "4 " + RtpHeaderExtensionUris.SdesMid],
            video.Extmaps.Select(e => e.ToString()));
        NegotiatedMedia negotiated = answer.Session.Media[1];
        Assert.Equal(4, negotiated.GetExtensionId(RtpHeaderExtensionUris.SdesMid));
        Assert.Equal(3, negotiated.GetExtensionId(RtpHeaderExtensionUris.TransportWideCc));
        Assert.Null(negotiated.GetExtensionId(RtpHeaderExtensionUris.TransmissionTimeOffset));
    }

    [Fact]
    public void CreateAnswer_ChromeWhepOffer_WritesJsepTransportAndBundle()
    {
        SdpAnswer answer = AnswerChromeWhepOffer();
        SessionDescription sdp = answer.Description;

        Assert.Equal(["0", "1"], sdp.BundleGroup!.Mids);
        Assert.Equal(["trickle"], sdp.IceOptions);
        Assert.Equal("1234567890", sdp.Origin.SessionId);
        foreach (MediaDescription media in sdp.Media)
        {
            Assert.Equal(9, media.Port);
            Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
            Assert.Equal(SdpConnection.Unspecified, media.Connection);
            Assert.Equal(SdpSetupRole.Active, media.Setup);
            Assert.Equal("sMsh", media.IceUfrag);
            Assert.Equal(SdpTestSettings.Fingerprint, media.Fingerprints.Single());
            Assert.True(media.RtcpMux);
            Assert.True(media.RtcpReducedSize);
            Assert.Equal(SdpDirection.SendOnly, media.Direction);
        }

        Assert.Equal(NegotiatedDtlsRole.Client, answer.Session.LocalDtlsRole);
        Assert.Equal(["0", "1"], answer.Session.BundleMids);
    }

    [Fact]
    public void CreateAnswer_ChromeWhepOffer_DeclaresSendingSsrcsWithFidGroup()
    {
        MediaDescription video = AnswerChromeWhepOffer().Description.Media[1];

        Assert.Equal("stream video0", video.Msids.Single().ToString());
        Assert.Equal([2222u, 3333u], video.SsrcGroups.Single().Ssrcs);
        Assert.Equal(
            ["2222 cname:origin-cname", "2222 msid:stream video0", "3333 cname:origin-cname", "3333 msid:stream video0"],
            video.SsrcAttributes.Select(a => a.ToString()));
        Assert.Equal("WMS stream", AnswerChromeWhepOffer().Description.MsidSemantic!.ToString());
    }

    [Fact]
    public void CreateAnswer_ChromeWhepOffer_NegotiatesVideoFeedback()
    {
        NegotiatedMedia video = AnswerChromeWhepOffer().Session.Media[1];

        Assert.Equal(
            RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Fir | RtcpFeedbackFlags.GoogRemb | RtcpFeedbackFlags.TransportCc,
            video.RtcpFeedback);
        Assert.True(video.RtcpReducedSize);
        Assert.Equal(SdpDirection.SendOnly, video.Direction);
        Assert.Same(SdpTestSettings.VideoTrack, video.LocalTrack);
    }

    [Fact]
    public void CreateAnswer_LocalFeedbackSubset_AnswersOnlyCommonFeedback()
    {
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) with
            {
                Codecs = [RtpCodec.H264() with { RtcpFeedback = [RtcpFeedback.NackPli, RtcpFeedback.Nack, new RtcpFeedback("x-custom")] }],
            },
        };

        SdpAnswer answer = new SdpAnswerer(options).CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"));

        Assert.Equal(["108 nack pli", "108 nack"], answer.Description.Media[1].RtcpFeedback.Select(f => f.ToString()));
        Assert.Equal(RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli, answer.Session.Media[1].RtcpFeedback);
    }

    [Fact]
    public void CreateAnswer_AnswerText_ParsesBackIdentically()
    {
        string text = AnswerChromeWhepOffer().Description.ToString();

        Assert.Contains("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n", text, StringComparison.Ordinal);
        Assert.Equal(text, SessionDescription.Parse(text).ToString());
    }

    [Fact]
    public void CreateAnswer_DataChannelSection_RejectedWithPortZeroAndLeftOutOfBundle()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        var data = new MediaDescription("application", 9, "UDP/DTLS/SCTP", ["webrtc-datachannel"]) { Connection = SdpConnection.Unspecified };
        data.Mid = "2";
        data.Attributes.Add("sctp-port", "5000");
        offer.Media.Add(data);
        offer.Attributes.Set("group", "BUNDLE 0 1 2");

        SdpAnswer answer = new SdpAnswerer(SdpTestSettings.WhepOrigin()).CreateAnswer(offer);

        MediaDescription rejected = answer.Description.Media[2];
        Assert.Equal(0, rejected.Port);
        Assert.Equal("application", rejected.MediaType);
        Assert.Equal("UDP/DTLS/SCTP", rejected.Protocol);
        Assert.Equal(["webrtc-datachannel"], rejected.Formats);
        Assert.Equal(["mid:2"], rejected.Attributes.Select(a => a.ToString()));
        Assert.Equal(["0", "1"], answer.Description.BundleGroup!.Mids);
        Assert.True(answer.Session.Media[2].Rejected);
        Assert.Contains("'application' media is not supported", answer.Session.Media[2].RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAnswer_FirstBundledSectionRejected_NextAcceptedSectionCarriesTransport()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        SdpAnswerOptions videoOnly = SdpTestSettings.WhepOrigin() with { Audio = null, Tracks = [SdpTestSettings.VideoTrack] };

        SdpAnswer answer = new SdpAnswerer(videoOnly).CreateAnswer(offer);

        Assert.Equal(["1"], answer.Description.BundleGroup!.Mids);
        Assert.Equal(0, answer.Description.Media[0].Port);
        // RFC 8843 §7.3.1: mid 1 becomes the tagged section, so its own candidates apply.
        Assert.Equal(["38599", "50219"], answer.Session.RemoteCandidates.Select(c => c.Split(' ')[5]));
    }

    [Fact]
    public void CreateAnswer_NoCommonVideoCodec_RejectsOnlyVideo()
    {
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) with { Codecs = [new RtpCodec("H265", 90000)] },
        };

        SdpAnswer answer = new SdpAnswerer(options).CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"));

        Assert.False(answer.Session.Media[0].Rejected);
        Assert.True(answer.Session.Media[1].Rejected);
        Assert.StartsWith("no common codec: offered [VP8, VP9 profile-id=0", answer.Session.Media[1].RejectionReason, StringComparison.Ordinal);
        Assert.Equal(0, answer.Description.Media[1].Port);
        Assert.Equal(["0"], answer.Description.BundleGroup!.Mids);
    }

    [Fact]
    public void CreateAnswer_RecvonlyOfferButLocalRecvonly_AnswersInactive()
    {
        SdpAnswerOptions ingest = SdpTestSettings.WhepOrigin() with
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly),
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly),
        };

        SdpAnswer answer = new SdpAnswerer(ingest).CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"));

        Assert.All(answer.Description.Media, m => Assert.Equal(SdpDirection.Inactive, m.Direction));
        Assert.All(answer.Description.Media, m => Assert.Empty(m.SsrcAttributes));
        Assert.Null(answer.Session.Media[1].LocalTrack);
    }

    [Fact]
    public void CreateAnswer_SendingSectionWithoutTrack_StopsSending()
    {
        SdpAnswer answer = new SdpAnswerer(SdpTestSettings.WhepOrigin() with { Tracks = [SdpTestSettings.AudioTrack] })
            .CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"));

        Assert.Equal(SdpDirection.SendOnly, answer.Description.Media[0].Direction);
        Assert.Equal(SdpDirection.Inactive, answer.Description.Media[1].Direction);
        Assert.Empty(answer.Description.Media[1].Msids);
    }

    [Fact]
    public void CreateAnswer_TrackBoundToMid_GoesToThatSection()
    {
        var second = SdpTestSettings.VideoTrack with { Ssrc = 5555, RtxSsrc = 6666, TrackId = "video1", Mid = "1" };
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with { Tracks = [SdpTestSettings.AudioTrack, SdpTestSettings.VideoTrack, second] };

        SdpAnswer answer = new SdpAnswerer(options).CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"));

        Assert.Same(second, answer.Session.Media[1].LocalTrack);
        Assert.Equal([5555u, 6666u], answer.Description.Media[1].SsrcGroups.Single().Ssrcs);
    }

    [Fact]
    public void CreateAnswer_ChromePublisherOffer_ReceivesWithRemoteSsrcs()
    {
        SdpAnswerOptions ingest = SdpTestSettings.WhepOrigin() with
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly),
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly),
            Tracks = [],
        };

        SdpAnswer answer = new SdpAnswerer(ingest).CreateAnswer(SdpFixture.Parse("chrome-publisher-sendonly-offer.sdp"));

        Assert.All(answer.Description.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        NegotiatedMedia video = answer.Session.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal([3733954776u, 994802239u], video.RemoteSsrcs);
        Assert.Equal(new SsrcFidPair(3733954776, 994802239), video.RemoteFidGroups.Single());
        Assert.Equal("cGow/nnCs774qnN0", video.RemoteCname);
        Assert.Equal("8669c92d-3a83-4e77-9081-21e49221821f", video.RemoteMsid!.TrackId);
        Assert.Equal([30242114u], answer.Session.Media[0].RemoteSsrcs);
        Assert.Empty(answer.Session.RemoteCandidates);
        Assert.Equal("WMS", answer.Description.MsidSemantic!.ToString());
    }

    [Fact]
    public void CreateAnswer_ChromeSimulcastOffer_ReportsRemoteRids()
    {
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.SendRecv),
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendRecv),
        };

        SdpAnswer answer = new SdpAnswerer(options).CreateAnswer(SdpFixture.Parse("chrome-simulcast-sendrecv-offer.sdp"));

        NegotiatedMedia video = answer.Session.Media[1];
        Assert.Equal(["h", "m", "l"], video.RemoteRids);
        Assert.Equal(SdpDirection.SendRecv, video.Direction);
        Assert.Equal(SdpDirection.SendRecv, answer.Description.Media[1].Direction);
        Assert.Equal(4, video.GetExtensionId(RtpHeaderExtensionUris.SdesMid));
    }

    [Fact]
    public void CreateAnswer_FirefoxOffer_UsesSessionFingerprintAndMode1H264()
    {
        SdpAnswer answer = new SdpAnswerer(SdpTestSettings.WhepOrigin()).CreateAnswer(SdpFixture.Parse("firefox-recvonly-offer.sdp"));

        NegotiatedSession session = answer.Session;
        Assert.StartsWith("sha-256 4B:2E:81", session.RemoteFingerprint, StringComparison.Ordinal);
        Assert.Equal("5e8d2b1a", session.RemoteIceUfrag);
        Assert.Equal(2, session.RemoteCandidates.Count);
        Assert.True(session.RemoteEndOfCandidates);
        Assert.Equal(["trickle"], session.RemoteIceOptions);

        Assert.Equal(109, session.Media[0].Codec!.PayloadType);
        Assert.Equal(126, session.Media[1].Codec!.PayloadType);
        Assert.Equal(127, session.Media[1].RtxPayloadType);
        Assert.Equal(["126", "127"], answer.Description.Media[1].Formats);

        // Firefox's audio section has no rtcp-rsize, so the answer must not add it.
        Assert.False(answer.Description.Media[0].RtcpReducedSize);
        Assert.True(answer.Description.Media[1].RtcpReducedSize);

        // bundle-only video (port 0 in the offer) is accepted; the answer never carries bundle-only.
        Assert.False(session.Media[1].Rejected);
        Assert.Equal(9, answer.Description.Media[1].Port);
        Assert.False(answer.Description.Media[1].IsBundleOnly);

        // Firefox's "extmap:2/recvonly csrc-audio-level" is not ours; only sdes:mid (id 3) survives in audio.
        Assert.Equal(["3 " + RtpHeaderExtensionUris.SdesMid], answer.Description.Media[0].Extmaps.Select(e => e.ToString()));
    }

    [Fact]
    public void CreateAnswer_DirectionalExtmapWeSupport_IsAnsweredReversed()
    {
        SessionDescription offer = SdpFixture.Parse("firefox-recvonly-offer.sdp");
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) with
            {
                HeaderExtensions = [RtpHeaderExtensionUris.SdesMid, RtpHeaderExtensionUris.PlayoutDelay],
            },
        };

        SdpAnswer answer = new SdpAnswerer(options).CreateAnswer(offer);

        Assert.Contains("6/sendonly " + RtpHeaderExtensionUris.PlayoutDelay, answer.Description.Media[1].Extmaps.Select(e => e.ToString()));
    }

    [Fact]
    public void CreateAnswer_LocalCandidates_OnlyInTaggedSectionWithEndMarker()
    {
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Transport = SdpTestSettings.Transport with
            {
                IceLite = true,
                Candidates = ["1 1 udp 2130706431 192.0.2.2 40000 typ host"],
                EndOfCandidates = true,
            },
        };

        SessionDescription answer = new SdpAnswerer(options).CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp")).Description;

        Assert.True(answer.IceLite);
        Assert.Equal(["1 1 udp 2130706431 192.0.2.2 40000 typ host"], answer.Media[0].Candidates);
        Assert.True(answer.Media[0].EndOfCandidates);
        Assert.Empty(answer.Media[1].Candidates);
        Assert.False(answer.Media[1].EndOfCandidates);
    }

    [Fact]
    public void CreateAnswer_OfferAlsoListingHighProfileFirst_StillPicksConstrainedBaseline()
    {
        // Proprietary-codec Chromium builds also offer 64001f (High); put it first to be sure order does not win.
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        MediaDescription video = offer.Media[1];
        video.Formats.InsertRange(0, ["112", "113"]);
        video.Attributes.Add("rtpmap", "112 H264/90000");
        video.Attributes.Add("fmtp", "112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f");
        video.Attributes.Add("rtpmap", "113 rtx/90000");
        video.Attributes.Add("fmtp", "113 apt=112");

        SdpAnswer answer = new SdpAnswerer(SdpTestSettings.WhepOrigin()).CreateAnswer(offer);

        Assert.Equal(["108", "109"], answer.Description.Media[1].Formats);
    }

    [Fact]
    public void CreateAnswer_LocalHighProfile_PicksTheOfferedHighFormat()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) with
            {
                Codecs = [RtpCodec.H264(new H264ProfileLevelId(0x4D, 0x00, 0x28))],
            },
        };

        SdpAnswer answer = new SdpAnswerer(options).CreateAnswer(offer);

        // Main (4d) mode 1 is PT 116 in the fixture; the answer keeps our level 4.0 under level asymmetry.
        Assert.Equal(116, answer.Session.Media[1].Codec!.PayloadType);
        Assert.Equal("4d0028", answer.Session.Media[1].Codec!.LocalParameters.GetValueOrDefault("profile-level-id"));
        Assert.Equal("4d001f", answer.Session.Media[1].Codec!.SendProfileLevelId.ToString());
    }
}
