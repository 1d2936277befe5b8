using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Rtc.Tests.Sdp.Negotiation;

public class SdpOffererTests
{
    private static SessionDescription ChromeAnswer() => SdpFixture.Parse("chrome-answer-to-streammesh-offer.sdp");

    private static SdpOfferer OfferedPullingClient()
    {
        var offerer = new SdpOfferer(SdpTestSettings.PullingClient());
        offerer.CreateOffer();
        return offerer;
    }

    [Fact]
    public void CreateOffer_PullingClient_IsTheOfferChromiumAnswered()
    {
        // The fixture is what this offerer produced when the Chromium answer fixture was captured.
        string offer = new SdpOfferer(SdpTestSettings.PullingClient()).CreateOffer().ToString();

        Assert.Equal(SdpFixture.Load("streammesh-recvonly-offer.sdp"), offer);
    }

    [Fact]
    public void CreateOffer_PullingClient_HasJsepOfferShape()
    {
        SessionDescription offer = new SdpOfferer(SdpTestSettings.PullingClient()).CreateOffer();

        Assert.Equal(["0", "1"], offer.BundleGroup!.Mids);
        Assert.Equal(["audio", "video"], offer.Media.Select(m => m.MediaType));
        Assert.All(offer.Media, m =>
        {
            Assert.Equal(SdpSetupRole.ActPass, m.Setup);
            Assert.Equal(SdpDirection.RecvOnly, m.Direction);
            Assert.True(m.RtcpMux);
            Assert.Empty(m.SsrcAttributes);
            Assert.Equal(
                [(1, RtpHeaderExtensionUris.SdesMid), (2, RtpHeaderExtensionUris.AbsSendTime), (3, RtpHeaderExtensionUris.TransportWideCc)],
                m.Extmaps.Select(e => (e.Id, e.Uri)));
        });
        Assert.Equal(["111"], offer.Media[0].Formats);
        Assert.Equal(["102", "103", "96", "97"], offer.Media[1].Formats);
        Assert.Equal(102, offer.Media[1].GetPayloadFormat(103)!.AssociatedPayloadType);
        Assert.Equal(96, offer.Media[1].GetPayloadFormat(97)!.AssociatedPayloadType);
    }

    [Fact]
    public void CreateOffer_SendingWithCandidates_WritesSourcesAndCandidatesInFirstSectionOnly()
    {
        SdpOfferOptions options = SdpTestSettings.PullingClient() with
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.SendOnly),
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly),
            Tracks = [SdpTestSettings.AudioTrack, SdpTestSettings.VideoTrack],
            Transport = SdpTestSettings.Transport with { Candidates = ["1 1 udp 2130706431 192.0.2.3 5000 typ host"], EndOfCandidates = true },
        };

        SessionDescription offer = new SdpOfferer(options).CreateOffer();

        Assert.Single(offer.Media[0].Candidates);
        Assert.True(offer.Media[0].EndOfCandidates);
        Assert.Empty(offer.Media[1].Candidates);
        Assert.Equal("stream audio0", offer.Media[0].Msids.Single().ToString());
        Assert.Equal([1111u], offer.Media[0].Ssrcs);
        Assert.Equal("FID 2222 3333", offer.Media[1].SsrcGroups.Single().ToString());
        Assert.Equal("WMS stream", offer.MsidSemantic!.ToString());
    }

    [Fact]
    public void CreateOffer_PreferredPayloadTypeTaken_AllocatesNextDynamic()
    {
        SdpOfferOptions options = SdpTestSettings.PullingClient() with
        {
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly) with
            {
                Codecs = [RtpCodec.Vp8(), RtpCodec.H264() with { PreferredPayloadType = 96 }, RtpCodec.H264(new H264ProfileLevelId(0x42, 0xE0, 0x28)) with { PreferredPayloadType = null }],
            },
        };

        SessionDescription offer = new SdpOfferer(options).CreateOffer();

        // VP8 96 + rtx 97; the second codec also wanted 96 and gets 98 (+99); the third takes 100 (+101).
        Assert.Equal(["96", "97", "98", "99", "100", "101"], offer.Media[1].Formats);
    }

    [Fact]
    public void CreateOffer_CalledAgain_IncrementsSessionVersionOnly()
    {
        var offerer = new SdpOfferer(SdpTestSettings.PullingClient());

        SessionDescription first = offerer.CreateOffer();
        SessionDescription second = offerer.CreateOffer();

        Assert.Equal(first.Origin.SessionId, second.Origin.SessionId);
        Assert.Equal(first.Origin.SessionVersion + 1, second.Origin.SessionVersion);
        Assert.Same(second, offerer.LocalOffer);
    }

    [Fact]
    public void ApplyAnswer_ChromeAnswer_NegotiatesH264AndOpus()
    {
        NegotiatedSession session = OfferedPullingClient().ApplyAnswer(ChromeAnswer());

        NegotiatedMedia audio = session.Media[0];
        Assert.Equal((111, "opus", 48000, 2), (audio.Codec!.PayloadType, audio.Codec.Name, audio.Codec.ClockRate, audio.Codec.Channels));
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.Equal([3265323154u], audio.RemoteSsrcs);

        NegotiatedMedia video = session.Media[1];
        Assert.Equal(102, video.Codec!.PayloadType);
        Assert.Equal("H264", video.Codec.Name);
        Assert.Equal(103, video.RtxPayloadType);
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal(new SsrcFidPair(3056138549, 975677058), video.RemoteFidGroups.Single());
        Assert.Equal("fc727aleMjw/Dhcp", video.RemoteCname);
        Assert.Equal("045cd32d-ca1e-423d-914b-b3b2d5263b6c", video.RemoteMsid!.TrackId);
        Assert.Equal(
            RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Fir | RtcpFeedbackFlags.GoogRemb | RtcpFeedbackFlags.TransportCc,
            video.RtcpFeedback);
        Assert.Equal(1, video.GetExtensionId(RtpHeaderExtensionUris.SdesMid));
        Assert.Null(video.LocalTrack);
    }

    [Fact]
    public void ApplyAnswer_ChromeAnswer_ReturnsTransportAndRoles()
    {
        NegotiatedSession session = OfferedPullingClient().ApplyAnswer(ChromeAnswer());

        Assert.Equal("DZKU", session.RemoteIceUfrag);
        Assert.Equal("YflhPZTHPTssubG/LAfoj4vO", session.RemoteIcePwd);
        Assert.StartsWith("sha-256 13:62:63:F8", session.RemoteFingerprint, StringComparison.Ordinal);
        Assert.Equal(2, session.RemoteCandidates.Count);
        // Chromium answered a=setup:active, so it is the DTLS client and we are the server.
        Assert.Equal(SdpSetupRole.Passive, session.LocalSetup);
        Assert.Equal(NegotiatedDtlsRole.Server, session.LocalDtlsRole);
        Assert.True(session.IceControlling);
        Assert.Equal(["0", "1"], session.BundleMids);
    }

    [Fact]
    public void ApplyAnswer_AnswerListsVp8First_SendsVp8()
    {
        SessionDescription answer = ChromeAnswer();
        MediaDescription video = answer.Media[1];
        video.Formats.Clear();
        video.Formats.AddRange(["96", "97", "102", "103"]);

        NegotiatedMedia negotiated = OfferedPullingClient().ApplyAnswer(answer).Media[1];

        Assert.Equal("VP8", negotiated.Codec!.Name);
        Assert.Equal(97, negotiated.RtxPayloadType);
    }

    [Theory]
    [InlineData("passive", SdpSetupRole.Active, NegotiatedDtlsRole.Client)]
    [InlineData(null, SdpSetupRole.Active, NegotiatedDtlsRole.Client)]
    public void ApplyAnswer_PassiveOrMissingSetup_MakesUsDtlsClient(string? answerSetup, SdpSetupRole expectedSetup, NegotiatedDtlsRole expectedRole)
    {
        SessionDescription answer = ChromeAnswer();
        foreach (MediaDescription media in answer.Media)
        {
            media.Attributes.RemoveAll("setup");
            if (answerSetup is not null)
            {
                media.Attributes.Add("setup", answerSetup);
            }
        }

        NegotiatedSession session = OfferedPullingClient().ApplyAnswer(answer);

        Assert.Equal(expectedSetup, session.LocalSetup);
        Assert.Equal(expectedRole, session.LocalDtlsRole);
    }

    [Fact]
    public void TryApplyAnswer_ActPassAnswer_FailsWithInvalidSetupRole()
    {
        SessionDescription answer = ChromeAnswer();
        answer.Media.ForEach(m => m.Setup = SdpSetupRole.ActPass);

        Assert.False(OfferedPullingClient().TryApplyAnswer(answer, out NegotiatedSession? session, out SdpNegotiationFailure? failure));
        Assert.Null(session);
        Assert.Equal(SdpNegotiationError.InvalidSetupRole, failure.Error);
    }

    [Fact]
    public void ApplyAnswer_MissingMediaSection_ThrowsAnswerMismatch()
    {
        SessionDescription answer = ChromeAnswer();
        answer.Media.RemoveAt(1);

        SdpNegotiationException exception = Assert.Throws<SdpNegotiationException>(() => OfferedPullingClient().ApplyAnswer(answer));

        Assert.Equal(SdpNegotiationError.AnswerMismatch, exception.Error);
        Assert.Contains("1 m-lines but the offer had 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryApplyAnswer_SwappedMid_FailsAnswerMismatch()
    {
        SessionDescription answer = ChromeAnswer();
        answer.Media[1].Mid = "7";

        Assert.False(OfferedPullingClient().TryApplyAnswer(answer, out _, out SdpNegotiationFailure? failure));
        Assert.Equal(SdpNegotiationError.AnswerMismatch, failure.Error);
    }

    [Fact]
    public void TryApplyAnswer_BundleWithUnknownMid_FailsAnswerMismatch()
    {
        SessionDescription answer = ChromeAnswer();
        answer.Attributes.Set("group", "BUNDLE 0 1 5");

        Assert.False(OfferedPullingClient().TryApplyAnswer(answer, out _, out SdpNegotiationFailure? failure));
        Assert.Equal(SdpNegotiationError.AnswerMismatch, failure.Error);
    }

    [Fact]
    public void TryApplyAnswer_NoBundle_FailsBundleRequired()
    {
        SessionDescription answer = ChromeAnswer();
        answer.Attributes.RemoveAll("group");

        Assert.False(OfferedPullingClient().TryApplyAnswer(answer, out _, out SdpNegotiationFailure? failure));
        Assert.Equal(SdpNegotiationError.BundleRequired, failure.Error);
    }

    [Fact]
    public void TryApplyAnswer_NoRtcpMux_FailsRtcpMuxRequired()
    {
        SessionDescription answer = ChromeAnswer();
        answer.Media[0].RtcpMux = false;

        Assert.False(OfferedPullingClient().TryApplyAnswer(answer, out _, out SdpNegotiationFailure? failure));
        Assert.Equal(SdpNegotiationError.RtcpMuxRequired, failure.Error);
    }

    [Fact]
    public void ApplyAnswer_VideoRejected_KeepsAudio()
    {
        SessionDescription answer = ChromeAnswer();
        answer.Media[1].Port = 0;
        answer.Attributes.Set("group", "BUNDLE 0");

        NegotiatedSession session = OfferedPullingClient().ApplyAnswer(answer);

        Assert.True(session.Media[1].Rejected);
        Assert.Null(session.Media[1].Codec);
        Assert.False(session.Media[0].Rejected);
        Assert.Equal(["0"], session.BundleMids);
    }

    [Fact]
    public void ApplyAnswer_AnswerWithOnlyUnofferedCodec_RejectsThatSection()
    {
        SessionDescription answer = ChromeAnswer();
        MediaDescription video = answer.Media[1];
        video.Formats.Clear();
        video.Formats.Add("104");
        video.Attributes.RemoveAll(a => a.Name is "rtpmap" or "fmtp" or "rtcp-fb");
        video.Attributes.Add("rtpmap", "104 H264/90000");
        video.Attributes.Add("fmtp", "104 packetization-mode=0;profile-level-id=42e01f");

        NegotiatedSession session = OfferedPullingClient().ApplyAnswer(answer);

        Assert.True(session.Media[1].Rejected);
        Assert.Equal("the answer names no codec we offered", session.Media[1].RejectionReason);
    }

    [Fact]
    public void ApplyAnswer_BeforeCreateOffer_Throws()
    {
        var offerer = new SdpOfferer(SdpTestSettings.PullingClient());

        Assert.Throws<InvalidOperationException>(() => offerer.ApplyAnswer(ChromeAnswer()));
    }

    [Fact]
    public void OffererAndAnswerer_TalkingToEachOther_AgreeOnEverything()
    {
        var offerer = new SdpOfferer(SdpTestSettings.PullingClient());
        SdpAnswerOptions originOptions = SdpTestSettings.WhepOrigin() with
        {
            Transport = SdpTestSettings.Transport with { IceUfrag = "orig", IcePwd = "originpassword01234567" },
        };
        var answerer = new SdpAnswerer(originOptions);

        // Through text, as over HTTP.
        SessionDescription offer = SessionDescription.Parse(offerer.CreateOffer().ToString());
        SdpAnswer answer = answerer.CreateAnswer(offer);
        NegotiatedSession client = offerer.ApplyAnswer(SessionDescription.Parse(answer.Description.ToString()));
        NegotiatedSession origin = answer.Session;

        Assert.NotEqual(client.LocalDtlsRole, origin.LocalDtlsRole);
        Assert.NotEqual(client.IceControlling, origin.IceControlling);
        Assert.Equal("orig", client.RemoteIceUfrag);
        Assert.Equal("sMsh", origin.RemoteIceUfrag);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(origin.Media[i].Codec!.PayloadType, client.Media[i].Codec!.PayloadType);
            Assert.Equal(origin.Media[i].RtxPayloadType, client.Media[i].RtxPayloadType);
            Assert.Equal(origin.Media[i].RtcpFeedback, client.Media[i].RtcpFeedback);
            Assert.Equal(origin.Media[i].HeaderExtensions, client.Media[i].HeaderExtensions);
            Assert.Equal(origin.Media[i].Direction.Reverse(), client.Media[i].Direction);
        }

        Assert.Equal("H264", client.Media[1].Codec!.Name);
        Assert.Equal([2222u, 3333u], client.Media[1].RemoteSsrcs);
        Assert.Equal(new SsrcFidPair(2222, 3333), client.Media[1].RemoteFidGroups.Single());
    }
}
