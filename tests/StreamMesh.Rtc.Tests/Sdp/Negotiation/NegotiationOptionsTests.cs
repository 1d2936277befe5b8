using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Rtc.Tests.Sdp.Negotiation;

public class NegotiationOptionsTests
{
    [Theory]
    [InlineData("abc", "streammeshpassword0123456")]        // ufrag shorter than 4
    [InlineData("ab-c", "streammeshpassword0123456")]       // '-' is not an ice-char
    [InlineData("abcd", "tooshortpassword")]                // password shorter than 22
    [InlineData("abcd", "streammesh password 0123456")]     // spaces
    public void TransportValidate_BadIceCredentials_Throws(string ufrag, string pwd)
    {
        LocalTransportParameters transport = SdpTestSettings.Transport with { IceUfrag = ufrag, IcePwd = pwd };

        Assert.Throws<ArgumentException>(transport.Validate);
    }

    [Theory]
    [InlineData("AB:CD")]
    [InlineData("sha-256")]
    [InlineData("sha-256 AB:CD extra")]
    public void TransportValidate_BadFingerprint_Throws(string fingerprint) =>
        Assert.Throws<ArgumentException>((SdpTestSettings.Transport with { Fingerprint = fingerprint }).Validate);

    [Fact]
    public void AnswerOptionsValidate_ActPassRole_Throws()
    {
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with { SetupRole = SdpSetupRole.ActPass };

        ArgumentException exception = Assert.Throws<ArgumentException>(() => new SdpAnswerer(options));
        Assert.Contains("Active or Passive", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnswerOptionsValidate_NoMediaSettings_Throws() =>
        Assert.Throws<ArgumentException>((SdpTestSettings.WhepOrigin() with { Audio = null, Video = null }).Validate);

    [Fact]
    public void MediaSettingsValidate_H264Mode0_Throws()
    {
        var h264Mode0 = RtpCodec.H264() with { Parameters = FormatParameters.Parse("packetization-mode=0;profile-level-id=42e01f") };

        ArgumentException exception = Assert.Throws<ArgumentException>((LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) with { Codecs = [h264Mode0] }).Validate);
        Assert.Contains("packetization-mode=1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MediaSettingsValidate_RtxAsCodec_Throws() =>
        Assert.Throws<ArgumentException>((LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) with { Codecs = [RtpCodec.Rtx(90000, 96)] }).Validate);

    [Fact]
    public void MediaSettingsValidate_NoCodecs_Throws() =>
        Assert.Throws<ArgumentException>((LocalMediaSettings.DefaultAudio(SdpDirection.SendOnly) with { Codecs = [] }).Validate);

    [Fact]
    public void OfferOptionsValidate_SendingWithoutTrack_Throws()
    {
        SdpOfferOptions options = SdpTestSettings.PullingClient() with { Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) };

        ArgumentException exception = Assert.Throws<ArgumentException>(() => new SdpOfferer(options));
        Assert.Contains("no Video track", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TracksValidate_DuplicateSsrc_Throws()
    {
        SdpAnswerOptions options = SdpTestSettings.WhepOrigin() with
        {
            Tracks = [SdpTestSettings.AudioTrack, SdpTestSettings.VideoTrack with { RtxSsrc = SdpTestSettings.AudioTrack.Ssrc }],
        };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void TracksValidate_ApplicationKind_Throws() =>
        Assert.Throws<ArgumentException>((SdpTestSettings.AudioTrack with { Kind = SdpMediaKind.Application }).Validate);

    [Fact]
    public void SessionIdValidate_NonDigits_Throws() =>
        Assert.Throws<ArgumentException>((SdpTestSettings.WhepOrigin() with { SessionId = "12ab" }).Validate);

    [Fact]
    public void Answerer_WithoutSessionId_DrawsRandomNumericIds()
    {
        var answerer = new SdpAnswerer(SdpTestSettings.WhepOrigin() with { SessionId = null });
        SessionDescription offer = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp");

        string first = answerer.CreateAnswer(offer).Description.Origin.SessionId;
        string second = answerer.CreateAnswer(offer).Description.Origin.SessionId;

        Assert.True(ulong.TryParse(first, out ulong value) && value < (1UL << 62));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Offerer_MoreThanFourteenExtensions_Throws()
    {
        string[] uris = [.. Enumerable.Range(0, 15).Select(i => $"urn:example:ext{i}")];
        SdpOfferOptions options = SdpTestSettings.PullingClient() with
        {
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly) with { HeaderExtensions = uris },
        };

        Assert.Throws<ArgumentException>(() => new SdpOfferer(options));
    }
}
