using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Rtc.Tests.Sdp.Negotiation;

/// <summary>DTLS/ICE role rules, offers that cannot be answered, and logging.</summary>
public class SdpAnswererRulesTests
{
    private static SdpAnswer AnswerChromeWhepOffer(bool preferH264 = true) =>
        new SdpAnswerer(SdpTestSettings.WhepOrigin(preferH264)).CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"));

    [Fact]
    public void CreateAnswer_ChromeWhepOffer_ReturnsRemoteTransportFromTaggedSection()
    {
        NegotiatedSession session = AnswerChromeWhepOffer().Session;

        Assert.Equal("ME7u", session.RemoteIceUfrag);
        Assert.Equal("KcYq5KMeR/AEAYBGvEea91jX", session.RemoteIcePwd);
        Assert.StartsWith("sha-256 34:3D:3D:50", session.RemoteFingerprint, StringComparison.Ordinal);
        // Only mid 0's candidates: mid 1's belong to a transport Chromium drops once BUNDLE is agreed.
        Assert.Equal(
            ["031a45fd-f94f-4be5-9ec3-126697416b49.local 53540", "c156a35b-69cf-43b5-ae39-e739f1754867.local 48208"],
            session.RemoteCandidates.Select(c => string.Join(' ', c.Split(' ')[4..6])));
        Assert.False(session.RemoteIceLite);
        Assert.False(session.IceControlling);
    }

    [Theory]
    [InlineData(SdpSetupRole.Active, NegotiatedDtlsRole.Client)]
    [InlineData(SdpSetupRole.Passive, NegotiatedDtlsRole.Server)]
    public void CreateAnswer_ActPassOffer_UsesCallerRole(SdpSetupRole role, NegotiatedDtlsRole expected)
    {
        SdpAnswer answer = new SdpAnswerer(SdpTestSettings.WhepOrigin() with { SetupRole = role })
            .CreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"));

        Assert.Equal(role, answer.Description.Media[0].Setup);
        Assert.Equal(expected, answer.Session.LocalDtlsRole);
    }

    [Theory]
    [InlineData("active", SdpSetupRole.Passive)]
    [InlineData("passive", SdpSetupRole.Active)]
    public void CreateAnswer_OfferWithFixedRole_TakesTheOtherRole(string offered, SdpSetupRole expected)
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        foreach (MediaDescription media in offer.Media)
        {
            media.Attributes.Set("setup", offered);
        }

        // The caller asks for the opposite of what the offer forces; the offer wins.
        SdpAnswer answer = new SdpAnswerer(SdpTestSettings.WhepOrigin() with { SetupRole = expected == SdpSetupRole.Active ? SdpSetupRole.Passive : SdpSetupRole.Active })
            .CreateAnswer(offer);

        Assert.Equal(expected, answer.Session.LocalSetup);
        Assert.All(answer.Description.Media, m => Assert.Equal(expected, m.Setup));
    }

    [Fact]
    public void CreateAnswer_OfferWithoutSetup_TreatsOffererAsActive()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        offer.Media.ForEach(m => m.Setup = null);

        Assert.Equal(SdpSetupRole.Passive, new SdpAnswerer(SdpTestSettings.WhepOrigin()).CreateAnswer(offer).Session.LocalSetup);
    }

    [Fact]
    public void TryCreateAnswer_HoldConn_FailsWithInvalidSetupRole()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        offer.Media.ForEach(m => m.Setup = SdpSetupRole.HoldConn);

        Assert.False(new SdpAnswerer(SdpTestSettings.WhepOrigin()).TryCreateAnswer(offer, out SdpAnswer? answer, out SdpNegotiationFailure? failure));
        Assert.Null(answer);
        Assert.Equal(SdpNegotiationError.InvalidSetupRole, failure.Error);
    }

    [Fact]
    public void CreateAnswer_OfferWithoutBundle_ThrowsBundleRequired()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        offer.Attributes.RemoveAll("group");

        SdpNegotiationException exception = Assert.Throws<SdpNegotiationException>(() => new SdpAnswerer(SdpTestSettings.WhepOrigin()).CreateAnswer(offer));

        Assert.Equal(SdpNegotiationError.BundleRequired, exception.Error);
        Assert.Contains("BUNDLE", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreateAnswer_OfferWithoutRtcpMux_FailsNamingTheSection()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        offer.Media[1].RtcpMux = false;

        Assert.False(new SdpAnswerer(SdpTestSettings.WhepOrigin()).TryCreateAnswer(offer, out _, out SdpNegotiationFailure? failure));
        Assert.Equal(SdpNegotiationError.RtcpMuxRequired, failure.Error);
        Assert.Contains("mid 1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreateAnswer_MissingIceCredentials_Fails()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        offer.Media[0].IcePwd = null;

        Assert.False(new SdpAnswerer(SdpTestSettings.WhepOrigin()).TryCreateAnswer(offer, out _, out SdpNegotiationFailure? failure));
        Assert.Equal(SdpNegotiationError.MissingIceCredentials, failure.Error);
    }

    [Fact]
    public void TryCreateAnswer_MissingFingerprint_Fails()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        offer.Media.ForEach(m => m.Attributes.RemoveAll("fingerprint"));

        Assert.False(new SdpAnswerer(SdpTestSettings.WhepOrigin()).TryCreateAnswer(offer, out _, out SdpNegotiationFailure? failure));
        Assert.Equal(SdpNegotiationError.MissingFingerprint, failure.Error);
    }

    [Fact]
    public void TryCreateAnswer_NothingAcceptable_FailsListingReasons()
    {
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.SendOnly) with { Codecs = [new RtpCodec("AMR", 8000)] },
            Video = null,
            Tracks = [SdpTestSettings.AudioTrack],
        };

        Assert.False(new SdpAnswerer(options).TryCreateAnswer(SdpFixture.Parse("chrome-whep-recvonly-offer.sdp"), out _, out SdpNegotiationFailure? failure));
        Assert.Equal(SdpNegotiationError.NoAcceptableMedia, failure.Error);
        Assert.Contains("m-line 0: no common codec", failure.Message, StringComparison.Ordinal);
        Assert.Contains("m-line 1: 'video' media is not supported", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreateAnswer_TaggedSectionRejectedRestBundleOnly_FailsInsteadOfAnsweringWithoutTransport()
    {
        // Firefox's offer: mid 0 (audio) carries the transport, mid 1 (video) is bundle-only with port 0 and
        // no candidates. Rejecting mid 0 leaves no section that may be the offerer-tagged one (RFC 9143 §7.3.1:
        // not rejected, port not zero), and a bundle-only section cannot leave the group (§7.3.2). The old answer
        // tagged mid 1 and took its empty transport: ICE never started and the viewer timed out in the handshake.
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.SendOnly) with { Codecs = [new RtpCodec("AMR", 8000)] },
        };

        Assert.False(new SdpAnswerer(options).TryCreateAnswer(SdpFixture.Parse("firefox-recvonly-offer.sdp"), out SdpAnswer? answer, out SdpNegotiationFailure? failure));
        Assert.Null(answer);
        Assert.Equal(SdpNegotiationError.NoAcceptableMedia, failure.Error);
        Assert.Contains("m-line 0: no common codec", failure.Message, StringComparison.Ordinal);
        Assert.Contains("m-line 1: bundle-only", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAnswer_RemoteIceLite_MakesUsControlling()
    {
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");
        offer.IceLite = true;

        NegotiatedSession session = new SdpAnswerer(SdpTestSettings.WhepOrigin()).CreateAnswer(offer).Session;

        Assert.True(session.RemoteIceLite);
        Assert.True(session.IceControlling);
    }

    [Fact]
    public void TryCreateAnswer_Logs_RejectionsAndFailuresWithFixedEventIds()
    {
        var logger = new ListLogger();
        SdpAnswerOptions videoOnly = SdpTestSettings.WhepOrigin() with { Audio = null, Tracks = [] };
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");

        new SdpAnswerer(videoOnly, logger).CreateAnswer(offer);
        offer.Attributes.RemoveAll("group");
        new SdpAnswerer(videoOnly, logger).TryCreateAnswer(offer, out _, out _);

        Assert.Contains(logger.Entries, e => e.EventId == 4101 && e.Message.Contains("m-line 0 (mid 0)", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.EventId == 4103 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains(logger.Entries, e => e.EventId == 4102 && e.Message.Contains("BundleRequired", StringComparison.Ordinal));
    }
}
